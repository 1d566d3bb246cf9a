"""The wheel carries the built-in templates/ and themes/ (they stay at the top of this repository, their source)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithBuiltins(build_py):
    """build_py, then templates/ and themes/ copied into the package as carrousel/builtin/."""

    def run(self):
        super().run()
        target = Path(self.build_lib) / "carrousel" / "builtin"
        for name in ("templates", "themes"):
            shutil.copytree(HERE / name, target / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithBuiltins})
