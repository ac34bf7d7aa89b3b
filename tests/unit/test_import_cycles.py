"""scripts/check_import_cycles.py: finds cycles hidden in function bodies, and the project has none."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_checker():
    spec = importlib.util.spec_from_file_location("check_import_cycles", ROOT / "scripts" / "check_import_cycles.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


checker = _load_checker()


def plant(root: Path, files: dict) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_project_has_no_import_cycle(capsys):
    assert checker.main([]) == 0
    out = capsys.readouterr().out
    assert "0 import cycle(s)" in out
    # The check really reads the project (a silently empty graph would also report no cycle).
    packages = checker.project_packages(ROOT)
    assert {"actions", "skincheck", "channels", "storage", "rasa_speedups", "scripts"} <= set(packages)
    files = checker.module_files(ROOT, packages + checker.console_packages(ROOT))
    assert {"actions.interruptions", "skincheck.loader", "channels.webchat", "storage.db", "inbox.views"} <= set(files)
    graph = checker.import_graph(files)
    assert "actions.branch_info" in graph["actions.interruptions"]
    assert "skincheck.questions" in graph["skincheck.loader"]


def test_a_cycle_through_a_function_level_import_fails(tmp_path, capsys):
    plant(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import helper\n",
            "pkg/b.py": "def helper():\n    from pkg import a  # late, to dodge the cycle\n    return a\n",
            "pkg/c.py": "import pkg.a\n",
        },
    )
    assert checker.main(["--root", str(tmp_path), "pkg"]) == 1
    out = capsys.readouterr().out
    assert "import cycle: pkg.a -> pkg.b -> pkg.a" in out
    assert "1 import cycle(s)" in out


@pytest.mark.parametrize(
    "b_source",
    [
        "from . import a\n",  # relative import
        "try:\n    import pkg.a\nexcept ImportError:\n    pass\n",  # guarded
        "import importlib\nA = importlib.import_module('pkg.a')\n",  # dynamic, with a literal name
        "class K:\n    def m(self):\n        from .a import x\n",  # inside a method
    ],
)
def test_other_hidden_forms_of_an_import_count(tmp_path, b_source):
    plant(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\nx = 1\n", "pkg/b.py": b_source})
    assert checker.main(["--root", str(tmp_path), "pkg"]) == 1


def test_type_checking_imports_and_one_way_imports_pass(tmp_path):
    plant(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.b import B\n",
            "pkg/b.py": "from pkg import a\nclass B: pass\n",
            "pkg/c.py": "from pkg.a import *\nfrom pkg.b import B\n",
        },
    )
    assert checker.main(["--root", str(tmp_path), "pkg"]) == 0


def test_a_cycle_across_three_packages_is_one_group(tmp_path, capsys):
    plant(
        tmp_path,
        {
            "p1/__init__.py": "",
            "p1/m.py": "import p2.m\n",
            "p2/__init__.py": "",
            "p2/m.py": "def f():\n    import p3.m\n",
            "p3/__init__.py": "",
            "p3/m.py": "from p1 import m\n",
        },
    )
    assert checker.main(["--root", str(tmp_path), "p1", "p2", "p3"]) == 1
    assert "(modules: p1.m, p2.m, p3.m)" in capsys.readouterr().out
