"""Hard-link installed distributions from this Python environment into another venv.

    .venv/bin/python tools/link_packages.py .venv-colab torch torchvision triton 'nvidia-*'

``make colab-test`` uses it to give ``.venv-colab`` this machine's torch without unpacking 5 GB
of wheels (torch, its CUDA libraries and triton) a second time: each file that a distribution's
RECORD lists under site-packages is hard-linked (no copy, no extra disk), its ``.dist-info``
last, so pip then sees the distribution as installed. ``pip install torch==X`` afterwards keeps
it when the version matches and replaces it otherwise; removing it from one venv leaves the
other's files alone. When the two Pythons differ in version (Colab's 3.12 beside this machine's
3.11), only distributions built for any Python 3 (wheel tag ``py3-none-…``: the CUDA libraries) are
linked, and pip downloads the rest for the target's Python. Nothing is linked when the target
already has the distribution, or across file systems (then pip installs as usual).
"""
from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def target_site_packages(venv: Path) -> tuple[Path, str]:
    code = "import sys, sysconfig; print(sysconfig.get_paths()['purelib']); " \
           "print('%d.%d' % sys.version_info[:2])"
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True,
                         text=True, check=True).stdout.split()
    return Path(out[0]), out[1]


def link_distribution(dist, target: Path) -> int:
    """Link one distribution's files into ``target``; return how many were linked."""
    root = Path(dist.locate_file(""))
    files = [f for f in dist.files or [] if not str(f).startswith("..")]   # not bin/ scripts
    info = [f for f in files if f.parts[0].endswith(".dist-info")]
    count = 0
    for f in [f for f in files if f not in info] + info:                # .dist-info last
        src, dst = root / f, target / f
        if not src.is_file():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if dst.exists():
            dst.unlink()
        os.link(src, dst)
        count += 1
    return count


def any_python(dist) -> bool:
    """Whether the distribution's wheel runs on any Python (tags ``py3-none-…``, ``py2.py3-…``,
    ``py2-none-any``): its files do not depend on the interpreter's version."""
    wheel = dist.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines()
            if line.startswith("Tag:")]
    return bool(tags) and all(t.split("-")[1] == "none" and t.split("-")[0].startswith("py")
                              for t in tags)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    venv, patterns = Path(argv[0]), [p.lower().replace("_", "-") for p in argv[1:]]
    target, version = target_site_packages(venv)
    here = "%d.%d" % sys.version_info[:2]
    same_python = version == here
    if not same_python:
        print(f"link_packages: {venv} runs Python {version}, this is {here}: only "
              "distributions for any Python are linked")
    present = {d.metadata["Name"].lower().replace("_", "-")
               for d in metadata.distributions(path=[str(target)])}
    for dist in metadata.distributions():
        name = dist.metadata["Name"].lower().replace("_", "-")
        if name in present or not any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        if not same_python and not any_python(dist):
            continue
        try:
            n = link_distribution(dist, target)
        except OSError as error:       # another file system, for one: pip will install it
            print(f"link_packages: {name} not linked ({error})")
            continue
        print(f"link_packages: {name} {dist.version}: {n} files linked into {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
