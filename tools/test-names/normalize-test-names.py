#!/usr/bin/env python3
"""Brings every test method under tests/ to the naming convention of docs/testing.md, or checks that they follow it.

    python3 tools/test-names/normalize-test-names.py          # rename what breaks the convention, in place
    python3 tools/test-names/normalize-test-names.py --check  # list what breaks it; exit 1 if anything does

The convention: PascalCase segments joined by single underscores, Subject_Scenario_Expected or Subject_Expected
(`SendAsync_LargerThanMaxMessageSize_ThrowsClearError`). Each segment starts with a capital letter or a digit and
holds letters and digits only. A test method is a method carrying [Fact], [Theory], [SkippableFact] or
[SkippableTheory]. A name written as a sentence with lower-case words between underscores
(`A_bad_line_is_reported_with_its_number`) becomes one PascalCase segment (`ABadLineIsReportedWithItsNumber`):
the words and their order stay, only the case and the underscores change. Calls of a renamed method by name
(`nameof(Old)`, `Old(`) in the same file are renamed too, and so are mentions in docs/*.md and tests/**/*.md.
Run it again after merging branches that add tests; it changes nothing that already follows the convention.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEGMENT = r"[A-Z0-9][A-Za-z0-9]*"
CONVENTION = re.compile(rf"^{SEGMENT}(_{SEGMENT})*$")
ATTRIBUTE = re.compile(r"\[(?:Xunit\.)?(?:Fact|Theory|SkippableFact|SkippableTheory)\b")
# The declaration that follows the attributes: modifiers, a return type, the name, its parameter list.
DECLARATION = re.compile(r"^\s*(?:public|internal|private|protected)?\s*(?:static\s+)?(?:async\s+)?(?:Task|ValueTask|void)\s+(\w+)\s*\(")


def fixed(name: str) -> str:
    """The conforming form of a name: sentence-style words joined into PascalCase, PascalCase segments kept."""
    if CONVENTION.match(name):
        return name
    parts = [p for p in name.split("_") if p]
    if all(re.match(SEGMENT + "$", p) for p in parts):
        return "_".join(parts)  # only doubled or trailing underscores were wrong
    return "".join(p[0].upper() + p[1:] for p in parts)


def test_methods(text: str):
    """(name, line index) of every test method declared in a C# source text."""
    lines = text.split("\n")
    pending = False
    for i, line in enumerate(lines):
        if ATTRIBUTE.search(line):
            pending = True
            continue
        if pending:
            match = DECLARATION.match(line)
            if match:
                yield match.group(1), i
                pending = False
            elif line.strip() and not line.strip().startswith(("[", "//")):
                pending = False


def sources():
    for path in sorted((ROOT / "tests").rglob("*.cs")):
        if "/obj/" in path.as_posix() or "/bin/" in path.as_posix() or "node_modules" in path.as_posix():
            continue
        yield path


def main() -> int:
    check = "--check" in sys.argv[1:]
    broken = []
    renames = {}
    for path in sources():
        text = path.read_text(encoding="utf-8")
        changed = text
        for name, line in test_methods(text):
            if CONVENTION.match(name):
                continue
            broken.append(f"{path.relative_to(ROOT)}:{line + 1}: {name}")
            new = fixed(name)
            renames[name] = new
            changed = re.sub(rf"\b{re.escape(name)}\b", new, changed)
        if not check and changed != text:
            path.write_text(changed, encoding="utf-8")
    if check:
        for entry in broken:
            print(entry)
        if broken:
            print(f"{len(broken)} test method(s) break the naming convention of docs/testing.md; "
                  "run python3 tools/test-names/normalize-test-names.py", file=sys.stderr)
        return 1 if broken else 0
    docs = list((ROOT / "docs").glob("*.md")) + [p for p in (ROOT / "tests").rglob("*.md") if "node_modules" not in p.as_posix()]
    for path in docs:
        text = path.read_text(encoding="utf-8")
        changed = text
        for old, new in renames.items():
            changed = re.sub(rf"\b{re.escape(old)}\b", new, changed)
        if changed != text:
            path.write_text(changed, encoding="utf-8")
    print(f"renamed {len(renames)} test method name(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
