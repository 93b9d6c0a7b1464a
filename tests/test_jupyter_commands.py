"""The README's Jupyter commands work as written after `make setup`: `.venv/bin/jupyter lab
notebooks/en` and `.venv/bin/jupyter notebook notebooks/en` start a server (here on 127.0.0.1,
with a token, no browser, stopped by the test) that lists the chapters and has the widgets'
front-end extension."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "gru-book-test"


def readme_commands() -> list[tuple[str, str]]:
    """The `.venv/bin/jupyter SUBCOMMAND notebooks/LANG` commands the README names."""
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    return re.findall(r"`\.venv/bin/jupyter (lab|notebook) (notebooks/(?:en|zh))`", text)


def test_the_readme_names_both_front_ends():
    assert ("lab", "notebooks/en") in readme_commands()
    assert ("notebook", "notebooks/en") in readme_commands()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


@pytest.mark.slow
@pytest.mark.parametrize("front_end", ["lab", "notebook"])
def test_readme_jupyter_command_serves_the_chapters(front_end, tmp_path):
    jupyter = Path(sys.executable).with_name("jupyter")
    assert (front_end, "notebooks/en") in readme_commands()
    port = free_port()
    cmd = [str(jupyter), front_end, "notebooks/en", "--no-browser", "--ip=127.0.0.1",
           f"--port={port}", f"--IdentityProvider.token={TOKEN}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")  # as the README says for root
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            try:
                listing = get_json(f"{base}/api/contents?token={TOKEN}")
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                time.sleep(0.5)
        names = {item["name"] for item in listing["content"]}
        chapters = {p.name for p in (ROOT / "notebooks" / "en").glob("*.ipynb")}
        assert chapters and chapters <= names
        page = "lab" if front_end == "lab" else "tree"
        with urllib.request.urlopen(f"{base}/{page}?token={TOKEN}", timeout=10) as response:
            assert response.status == 200
            html = response.read().decode()
        # The page loads the widget manager from the extension that ipywidgets 8 brings.
        config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)'
                           r'</script>', html, re.S)
        assert config, html[:2000]
        extensions = {e["name"] for e in json.loads(config.group(1))["federated_extensions"]}
        assert "@jupyter-widgets/jupyterlab-manager" in extensions, extensions
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
