"""What changed between two versions of a list, as a reviewer of a pull request needs it.

Papers are paired by key, then by folded title, then by a shared paper URL (canonical form),
so a paper whose key or title was edited is reported as changed, not as removed and added.
Each pair or lone paper becomes one ``PaperChange``; ``warnings`` name what a reviewer should
look at: a section that loses papers (and one whose papers were replaced), a paper removed
while a near-identical title is added elsewhere, many removals in one change.

Pure functions over records: no files, no terminal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from awesome_snn.duplicates import fold_title, is_near_duplicate, url_identity
from awesome_snn.model import Catalog, Paper

REPLACED = 3
"""A section that loses at least this many papers and gains as many others was perhaps
replaced by mistake (one paper swapped for another is an ordinary edit)."""

MANY_REMOVED = 10
"""This many removals in one change (or a tenth of the list) earn a warning of their own."""


@dataclass(frozen=True)
class PaperChange:
    kind: str
    """``added``, ``removed``, ``changed`` or ``moved`` (to another year or venue, maybe
    with other changes too)."""
    old: Paper | None
    new: Paper | None
    details: tuple[str, ...] = ()
    """One line per changed field: ``title: 'A' -> 'B'``, ``code link added: URL``..."""

    @property
    def paper(self) -> Paper:
        paper = self.new or self.old
        assert paper is not None
        return paper

    @property
    def section(self) -> tuple[int, str]:
        """Where a reviewer finds it: the new version's year and venue (the old one's for a
        removal)."""
        return self.paper.year, self.paper.venue


@dataclass(frozen=True)
class DiffWarning:
    rule: str
    """``section-shrinks``, ``section-replaced``, ``removed-but-similar-added``,
    ``many-removed``, or a ``check`` rule the new version breaks and the old did not."""
    message: str


@dataclass(frozen=True)
class CatalogDiff:
    changes: tuple[PaperChange, ...]
    warnings: tuple[DiffWarning, ...]

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def removes(self) -> bool:
        return any(change.kind == "removed" for change in self.changes)


def _pair(old: Sequence[Paper],
          new: Sequence[Paper]) -> tuple[list[tuple[Paper, Paper]], list[Paper], list[Paper]]:
    """(pairs, removed, added), each in list order."""
    left = dict(enumerate(old))
    right = dict(enumerate(new))
    pairs: list[tuple[int, int]] = []

    def match(identity_of) -> None:  # noqa: ANN001 - a function Paper -> hashable or None
        seen: dict[object, int] = {}
        for index, paper in left.items():
            for identity in identity_of(paper):
                seen.setdefault(identity, index)
        for index, paper in list(right.items()):
            for identity in identity_of(paper):
                if identity in seen and seen[identity] in left:
                    pairs.append((left.pop(seen[identity]), right.pop(index)))
                    break

    match(lambda paper: (paper.key,))
    match(lambda paper: (fold_title(paper.title),))
    match(lambda paper: tuple(url_identity(link.url) for link in paper.links if link.label != "code"))
    ordered = sorted(pairs, key=lambda pair: new.index(pair[1]))
    return ordered, list(left.values()), list(right.values())


def _details(old: Paper, new: Paper) -> tuple[str, ...]:
    details = []
    if old.key != new.key:
        details.append(f"key: {old.key} -> {new.key}")
    if old.title != new.title:
        details.append(f"title: {old.title!r} -> {new.title!r}")
    if (old.year, old.venue) != (new.year, new.venue):
        details.append(f"moved: {old.venue} {old.year} -> {new.venue} {new.year}")
    before = {link.label: link.url for link in old.links}
    after = {link.label: link.url for link in new.links}
    for label, url in after.items():
        if label not in before:
            details.append(f"{label} link added: {url}")
        elif before[label] != url:
            details.append(f"{label} link changed: {before[label]} -> {url}")
    details.extend(f"{label} link removed: {url}" for label, url in before.items() if label not in after)
    if old.authors != new.authors:
        details.append("authors " + ("added" if not old.authors else "removed" if not new.authors
                                     else "changed") + (f": {', '.join(new.authors)}" if new.authors else ""))
    for name in ("arxiv", "doi", "openreview", "dblp"):
        before_id, after_id = getattr(old, name), getattr(new, name)
        if before_id != after_id:
            details.append(f"{name}: {before_id or '-'} -> {after_id or '-'}")
    if old.extra != new.extra:
        before_extra, after_extra = dict(old.extra), dict(new.extra)
        for name in sorted(before_extra.keys() | after_extra.keys()):
            if name not in after_extra:
                details.append(f"{name} removed")
            elif name not in before_extra:
                details.append(f"{name} added")
            elif before_extra[name] != after_extra[name]:
                details.append(f"{name} changed")
    return tuple(details)


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    pairs, removed, added = _pair(old.papers, new.papers)
    changes: list[PaperChange] = []
    for before, after in pairs:
        details = _details(before, after)
        if details:
            moved = (before.year, before.venue) != (after.year, after.venue)
            changes.append(PaperChange("moved" if moved else "changed", before, after, details))
    changes.extend(PaperChange("added", None, paper) for paper in added)
    changes.extend(PaperChange("removed", paper, None) for paper in removed)
    ordered = _in_list_order(changes, old, new)
    return CatalogDiff(tuple(ordered), tuple(_warnings(old, new, removed, added) + _new_findings(ordered)))


def _new_findings(changes: Sequence[PaperChange]) -> list[DiffWarning]:
    """What ``check``'s review rules find in an added or changed paper and did not find in
    it before: the broken links a change brings in."""
    from awesome_snn.review_rules import findings

    warnings = []
    for change in changes:
        if change.new is None:
            continue
        before = set() if change.old is None else {(f.rule, f.message) for f in findings(change.old)}
        warnings.extend(DiffWarning(f.rule, f"{change.new.key}: {f.message}")
                        for f in findings(change.new) if (f.rule, f.message) not in before)
    return warnings


def _in_list_order(changes: list[PaperChange], old: Catalog, new: Catalog) -> list[PaperChange]:
    """Grouped as a list shows them: newest year first, venues in list order, then papers."""
    venue_order = {abbr: n for n, abbr in enumerate(
        dict.fromkeys([p.venue for p in new.papers] + [p.venue for p in old.papers]))}
    return sorted(changes, key=lambda c: (-c.section[0], venue_order.get(c.section[1], 0)))


def _sections(papers: Sequence[Paper]) -> Counter[tuple[int, str]]:
    return Counter((paper.year, paper.venue) for paper in papers)


def _warnings(old: Catalog, new: Catalog, removed: list[Paper],
              added: list[Paper]) -> list[DiffWarning]:
    warnings = []
    before, after = _sections(old.papers), _sections(new.papers)
    removed_from = _sections(removed)
    added_to = _sections(added)
    for section, count in sorted(before.items(), key=lambda item: (-item[0][0], item[0][1])):
        year, venue = section
        now = after.get(section, 0)
        gone = removed_from.get(section, 0)
        if gone >= REPLACED and added_to.get(section, 0) >= REPLACED:
            warnings.append(DiffWarning(
                "section-replaced",
                f"{venue} {year}: {gone} of its {count} papers removed and"
                f" {added_to[section]} others added: was the section replaced by mistake?"))
        elif now < count:
            warnings.append(DiffWarning("section-shrinks",
                                        f"{venue} {year}: {count} papers before, {now} now"))
    added_folded = [(fold_title(paper.title), paper) for paper in added]
    for paper in removed:
        folded = fold_title(paper.title)
        for title, other in added_folded:
            if is_near_duplicate(folded, title):
                warnings.append(DiffWarning(
                    "removed-but-similar-added",
                    f"{paper.key} ({paper.venue} {paper.year}) was removed while"
                    f" {other.key} ({other.venue} {other.year}), a near-identical title, was"
                    " added: a rename or a move would keep the key"))
                break
    if len(removed) >= MANY_REMOVED or (old.papers and len(removed) * 10 >= len(old.papers) > 0
                                        and len(removed) > 1):
        warnings.append(DiffWarning("many-removed",
                                    f"{len(removed)} of {len(old.papers)} papers removed in one change"))
    return warnings


def markdown_report(result: CatalogDiff, old: str, new: str) -> str:
    """The diff as a comment for a pull request: a summary table, the warnings, then the
    changes by year and venue. Every title is escaped: nothing in it can add a link or a
    block to the comment."""
    from awesome_snn.markdown_render import escape_inline

    lines = [f"### snn-papers diff: `{old}` → `{new}`", "",
             "| added | removed | changed | moved |", "|---:|---:|---:|---:|",
             f"| {result.count('added')} | {result.count('removed')} | {result.count('changed')}"
             f" | {result.count('moved')} |", ""]
    if result.warnings:
        lines.append("**To look at**")
        lines.append("")
        lines.extend(f"- ⚠️ {escape_inline(w.message)} (`{w.rule}`)" for w in result.warnings)
        lines.append("")
    section = None
    for change in result.changes:
        if change.section != section:
            section = change.section
            lines += ["", f"#### {escape_inline(section[1])} {section[0]}", ""]
        paper = change.paper
        lines.append(f"- **{change.kind}** `{paper.key}`: {escape_inline(paper.title)}")
        lines.extend(f"  - {escape_inline(detail)}" for detail in change.details)
    if not result.changes:
        lines.append("No paper changed.")
    return "\n".join(lines).rstrip("\n") + "\n"
