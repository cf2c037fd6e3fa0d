"""The set-up promises: environment.yml and pyproject.toml list the same stack, the notebooks'
kernel runs this install, the README's quick start is two commands, and CI runs the test one."""
import os
import re
import sys
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

from coursekit import notebooks


def requirement(text: str) -> tuple:
    """('numpy', '>=1.24') from 'numpy>=1.24' (pip) or 'numpy >=1.24' (conda): the normalised
    name and the specifiers, sorted, without spaces."""
    match = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*?)\s*", text)
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    specs = ",".join(sorted(s.replace(" ", "") for s in match.group(2).split(",") if s.strip()))
    return name, specs


def conda_dependencies(text: str) -> list:
    """The plain entries of environment.yml's top-level `dependencies:` list (not `- pip:`)."""
    entries, inside = [], False
    for line in text.splitlines():
        if re.match(r"\S", line):
            inside = line.startswith("dependencies:")
        elif inside:
            match = re.fullmatch(r"  - ([^:#]+?)\s*(#.*)?", line)
            if match:
                entries.append(match.group(1))
    return entries


def test_conda_dependencies_parser_reads_the_list_only():
    text = ("name: x\ndependencies:\n  - python>=3.10\n  - numpy >=1.24  # maths\n  - pip\n"
            "  - pip:\n      - -e .\nchannels:\n  - conda-forge\n")
    assert conda_dependencies(text) == ["python>=3.10", "numpy >=1.24", "pip"]
    assert requirement("jupyterlab>=4.2,<5") == requirement("JupyterLab <5, >=4.2")


def test_environment_yml_lists_the_same_packages_as_pyproject(repo_root):
    tomllib = pytest.importorskip("tomllib")  # in the standard library from Python 3.11
    project = tomllib.loads((repo_root / "pyproject.toml").read_text())["project"]
    pip_side = {requirement(r) for r in project["dependencies"]
                + project["optional-dependencies"]["test"]}
    conda = [requirement(e) for e in
             conda_dependencies((repo_root / "environment.yml").read_text())]
    conda_side = {r for r in conda if r[0] not in ("python", "pip")}
    assert conda_side == pip_side, (
        f"only in environment.yml: {sorted(conda_side - pip_side)}; "
        f"only in pyproject.toml: {sorted(pip_side - conda_side)}")
    assert ("python", project["requires-python"]) in conda


def test_the_notebook_kernel_runs_this_install(repo_root):
    spec = KernelSpecManager().get_kernel_spec(notebooks.KERNEL_NAME)
    assert spec.language == "python"
    manager, client = start_new_kernel(kernel_name=notebooks.KERNEL_NAME, cwd=str(repo_root))
    printed = []
    try:
        reply = client.execute_interactive(
            "import sys, coursekit; print(sys.prefix); print(coursekit.__file__)", timeout=60,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok"
    prefix, module = "".join(printed).split()
    assert os.path.realpath(prefix) == os.path.realpath(sys.prefix)
    assert Path(module).resolve().is_relative_to(repo_root / "course" / "coursekit")


def quick_start_commands(readme: str) -> list:
    """The commands in the first code block of the README's "Quick start" section."""
    section = re.search(r"^## Quick start\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert section, "README.md has no '## Quick start' section"
    block = re.search(r"^```\w*\n(.*?)^```", section.group(1), re.M | re.S)
    assert block, "the quick start has no code block"
    lines = (line.split("#")[0].strip() for line in block.group(1).splitlines())
    return [line for line in lines if line]


def test_readme_quick_start_is_the_two_make_commands(repo_root):
    assert quick_start_commands((repo_root / "README.md").read_text()) == ["make lab",
                                                                           "make test"]


def test_ci_runs_make_test(repo_root):
    script = repo_root / ".ci" / "run"
    assert os.access(script, os.X_OK), ".ci/run must be executable"
    commands = [line.strip() for line in script.read_text().splitlines()[1:]
                if line.strip() and not line.strip().startswith("#")]
    assert commands[-1] == "make test"
    assert [c for c in commands if c.startswith("make")] == ["make test"]
