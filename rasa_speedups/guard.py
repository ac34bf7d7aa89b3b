"""What every patch checks before it touches Rasa: the installed version, and each target attribute.

A patch assigns to a class attribute, and assigning never fails: after a Rasa upgrade a patch could
silently replace a method that no longer does what the patch assumes, or add one nothing calls. So
a patch runs only on the Rasa version it was written and tested against (PINNED_RASA, the version in
requirements.lock), and only when every attribute it replaces still exists (and every one it adds
does not yet). Otherwise it is skipped with a warning and Rasa runs stock for that part.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Protocol

logger = logging.getLogger("rasa_speedups")

PINNED_RASA = "3.6.21"


@dataclass(frozen=True)
class Target:
    """`module.owner.attribute`; `replaces` False for an attribute the patch adds (it must not exist yet)."""

    module: str
    owner: str
    attribute: str
    replaces: bool = True

    def __str__(self) -> str:
        return f"{self.module}.{self.owner}.{self.attribute}"

    def problem(self) -> str | None:
        """Why this target cannot be patched, or None when it can."""
        try:
            owner: object = importlib.import_module(self.module)
        except ImportError as exc:
            return f"module {self.module} not importable ({exc})"
        for part in self.owner.split("."):
            owner = getattr(owner, part, None)
            if owner is None:
                return f"{self.module}.{self.owner} not found"
        present = self.attribute in getattr(owner, "__dict__", {})
        if self.replaces and not present:
            return f"{self} not found"
        if not self.replaces and present:
            return f"{self} already exists (Rasa now has its own)"
        return None


class PatchModule(Protocol):
    NAME: str
    TARGETS: tuple[Target, ...]

    def patch(self) -> None: ...


def installed_rasa_version() -> str:
    import rasa

    return str(rasa.__version__)


def apply_guarded(module: PatchModule | ModuleType, version: Callable[[], str] = installed_rasa_version) -> bool:
    """Run the module's patch() when the version and every target check out; True when applied."""
    name = module.NAME
    found = version()
    if found != PINNED_RASA:
        logger.warning("rasa_speedups: %s skipped: written for rasa %s, found %s", name, PINNED_RASA, found)
        return False
    for target in module.TARGETS:
        problem = target.problem()
        if problem is not None:
            logger.warning("rasa_speedups: %s skipped: %s", name, problem)
            return False
    module.patch()
    logger.info("rasa_speedups: %s applied", name)
    return True
