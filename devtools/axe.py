"""WCAG 2.1 AA checks with axe-core (npm, pinned in package-lock.json, installed by `make setup`
into node_modules/), injected into a Playwright page by the Chromium tests of the console and the
widget. A violation is reported with its rule, impact and the offending elements."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> str:
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} is missing: run `make setup` (npm ci installs axe-core)")
    return AXE_JS.read_text(encoding="utf-8")


def violations(page, include: str = "") -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page (or within the `include` selector).
    Uses add_script_tag's content, which also works under the console's and demo page's CSP when
    the context bypasses CSP (the tests' browser contexts do)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    context = f"{{include: [[{include!r}]]}}" if include else "document"
    return page.evaluate(f"""async () => {{
        const result = await axe.run({context}, {{runOnly: {{type: 'tag', values: {WCAG_21_AA!r}}}}});
        return result.violations.map(v => ({{id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 10), count: v.nodes.length}}));
    }}""")


def describe(found: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}, {v['count']} elements): {v['help']} -> {v['nodes']}" for v in found)


def assert_no_violations(page, what: str, include: str = "") -> None:
    found = violations(page, include)
    assert not found, f"axe-core WCAG 2.1 AA violations on {what}:\n{describe(found)}"
