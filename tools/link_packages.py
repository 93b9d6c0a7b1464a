"""Hard-link installed distributions from this Python environment into another venv.

    .venv/bin/python tools/link_packages.py .venv-colab torch torchvision triton 'nvidia-*'

``make colab-test`` uses it to give ``.venv-colab`` this machine's torch without unpacking 5 GB
of wheels (torch, its CUDA libraries and triton) a second time: each file that a distribution's
RECORD lists under site-packages is hard-linked (no copy, no extra disk), its ``.dist-info``
last, so pip then sees the distribution as installed. ``pip install torch==X`` afterwards keeps
it when the version matches and replaces it otherwise; removing it from one venv leaves the
other's files alone. Nothing is linked when the two Pythons differ in version, when the target
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


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    venv, patterns = Path(argv[0]), [p.lower().replace("_", "-") for p in argv[1:]]
    target, version = target_site_packages(venv)
    here = "%d.%d" % sys.version_info[:2]
    if version != here:
        print(f"link_packages: {venv} runs Python {version}, this is {here}: nothing linked")
        return
    present = {d.metadata["Name"].lower().replace("_", "-")
               for d in metadata.distributions(path=[str(target)])}
    for dist in metadata.distributions():
        name = dist.metadata["Name"].lower().replace("_", "-")
        if name in present or not any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        try:
            n = link_distribution(dist, target)
        except OSError as error:       # another file system, for one: pip will install it
            print(f"link_packages: {name} not linked ({error})")
            continue
        print(f"link_packages: {name} {dist.version}: {n} files linked into {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
