"""The GitHub Actions workflow (.github/workflows/) passes actionlint, actionlint catches a broken
copy of it, and the workflow does what README's "Publishing a fork" says: `make test` on pull
requests, `make book` deployed to Pages from main, the caches kept where the build writes them,
and the CUDA job only where a runner is named."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import QUICK_BUILD

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BOOK = ROOT / ".github" / "workflows" / "book.yml"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("actionlint")
    assert exe.exists(), f"no {exe}: actionlint comes with requirements.txt (make setup)"
    # -shellcheck= -pyflakes=: the same verdict on every machine, whatever else is on PATH.
    return subprocess.run([str(exe), "-no-color", "-shellcheck=", "-pyflakes=",
                           *map(str, files)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_the_workflows_pass_actionlint():
    assert WORKFLOWS == [BOOK]
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


TAMPERED = {
    # a job that needs one that does not exist
    "needs: book": ("needs: bok", r'job "deploy" needs job "bok" which does not exist'),
    # a typo in an expression's context
    "if: github.event_name == 'pull_request'":
        ("if: github.evnt_name == 'pull_request'", r'property "evnt_name" is not defined'),
    # the cache without its required key
    "          key: quick-${{ runner.os }}-${{ github.run_id }}\n":
        ("", r'missing input "key" which is required by action "actions/cache@'),
    # an unknown runner label
    "runs-on: ubuntu-24.04\n    timeout-minutes: 60":
        ("runs-on: ubuntu-2404\n    timeout-minutes: 60", r'label "ubuntu-2404" is unknown'),
}


@pytest.mark.parametrize("original", list(TAMPERED), ids=["needs", "expression", "cache-key",
                                                          "runner"])
def test_actionlint_fails_on_a_broken_copy(original, tmp_path):
    text = BOOK.read_text()
    assert text.count(original) == 1, original
    replacement, message = TAMPERED[original]
    broken = tmp_path / "book.yml"
    broken.write_text(text.replace(original, replacement))
    result = actionlint(broken)
    assert result.returncode != 0
    assert re.search(message, result.stdout), result.stdout


def load() -> dict:
    workflow = yaml.safe_load(BOOK.read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on` as True
    return workflow


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def cached_paths(job: dict) -> set[str]:
    return {line.strip() for step in job["steps"] if step.get("uses", "").startswith(
        "actions/cache@") for line in step["with"]["path"].splitlines() if line.strip()}


def makefile_value(name: str) -> str:
    match = re.search(rf"^(?:export )?{name} \??:?= *(.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert match, name
    return match.group(1)


def test_pull_requests_run_make_test_through_ci_run():
    workflow = load()
    assert "pull_request" in workflow["on"]
    job = workflow["jobs"]["test"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert "bash .ci/run" in runs(job)
    assert (ROOT / ".ci" / "run").read_text().rstrip().splitlines()[-2] == "make test"


def test_main_builds_the_book_and_deploys_it_to_pages():
    workflow = load()
    assert workflow["on"]["push"]["branches"] == ["main"]
    book, deploy = workflow["jobs"]["book"], workflow["jobs"]["deploy"]
    assert "make book" in runs(book).splitlines()
    upload = [s for s in book["steps"] if s.get("uses", "").startswith(
        "actions/upload-pages-artifact@")]
    assert [s["with"]["path"] for s in upload] == ["_build/html"]
    assert "cp -r _build/full/_build/html _build/html" in (ROOT / "Makefile").read_text()
    assert deploy["needs"] == "book" and deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_the_caches_are_where_the_build_and_the_tests_write_them():
    jobs = load()["jobs"]
    training = makefile_value("GRU_BOOK_CACHE")
    assert training == "$(abspath _build/training-cache)"
    assert "--path-output _build/full" in (ROOT / "Makefile").read_text()
    quick = (QUICK_BUILD / "_build" / ".jupyter_cache").relative_to(ROOT).as_posix()
    assert cached_paths(jobs["test"]) == {"_build/training-cache", quick}
    assert cached_paths(jobs["book"]) == {"_build/training-cache",
                                          "_build/full/_build/.jupyter_cache"}


def test_the_cuda_job_runs_only_where_a_runner_is_named():
    job = load()["jobs"]["gpu-notebooks"]
    assert "vars.GRU_BOOK_CUDA_RUNNER != ''" in job["if"]
    assert job["runs-on"] == "${{ vars.GRU_BOOK_CUDA_RUNNER }}"
    assert job["env"]["GRU_BOOK_QUICK"] == "0"
    assert "torch.cuda.is_available()" in runs(job)
    assert "--nbval-lax" in runs(job) and runs(job).rstrip().endswith("notebooks")
