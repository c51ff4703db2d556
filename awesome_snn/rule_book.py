"""What each ``check`` rule looks for and how to fix what it finds (``check --explain RULE``).

Every rule id a finding can carry is here; ``tests/test_rule_book.py`` checks that no rule
goes unexplained.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    rule: str
    severity: str
    """Its default severity (a catalog's ``[check]`` table may change it)."""
    looks_for: str
    fix: str


_READER = "The catalog reader left the record out: read-only commands warn and go on, writers refuse."

RULES: tuple[Rule, ...] = (
    Rule("invalid-catalog", "error", "A catalog that is not TOML, not UTF-8, or shaped wrong.",
         "Correct the file at the line named; `snn-papers check` lists every problem."),
    Rule("invalid-list", "error", "A [list] table whose texts are not strings. " + _READER,
         'Write each of title, badge, introduction, closing as a string.'),
    Rule("invalid-venue", "error", "A [[venues]] table without abbr, or with a bad kind, name or"
         " aliases. " + _READER, 'Give abbr = "...", name = "...", kind = "conference" or'
         ' "journal", aliases = ["..."].'),
    Rule("invalid-check", "error", "A [check] table snn-papers cannot read.",
         'rules = { "rule-id" = "error|warning|info|off" }, not_duplicates = [["key-a", "key-b"]].'),
    Rule("missing-title", "error", "A paper without a title. " + _READER, 'Add title = "...".'),
    Rule("invalid-title", "error", "A title that is not one line of text, or is too long. " + _READER,
         "Write the title on one line, without control characters."),
    Rule("missing-year", "error", "A paper without a year. " + _READER, "Add year = 2023."),
    Rule("invalid-year", "error", "A year that is not a number in range. " + _READER,
         "Write the year unquoted, e.g. year = 2023."),
    Rule("missing-venue", "error", "A paper whose venue is empty or not text (a paper its list"
         " names no venue for has no venue key: it is shown under Other). " + _READER,
         'Add venue = "CVPR", or leave the key out.'),
    Rule("unknown-venue", "error", "A venue missing from [[venues]]. " + _READER,
         "Register the venue in [[venues]], or correct the paper's venue."),
    Rule("invalid-authors", "error", "authors that are not a list of one-line names. " + _READER,
         'Write authors = ["First Author", "Second Author"], each name on one line.'),
    Rule("invalid-identifier", "error", "An arxiv, doi, openreview or dblp value that is not"
         " such an identifier, or not written as the catalog keeps it. " + _READER,
         'arxiv = "2302.02091" (no version), doi = "10.1109/..." (no https://doi.org/),'
         ' openreview = the forum id, dblp = the record key ("conf/iclr/...").'),
    Rule("invalid-link", "error", "A link that is not an absolute http(s) URL. " + _READER,
         "Correct the URL (percent-encode spaces) or remove the link."),
    Rule("invalid-key", "error", "A key that is not lower-case letters, digits and '-'. " + _READER,
         "Correct the key, or remove it and let snn-papers make one."),
    Rule("duplicate-key", "error", "Two papers with one key. " + _READER, "Give one of them another key."),
    Rule("invalid-record", "error", "A [[papers]] entry that is not a table. " + _READER,
         "Write each paper as a [[papers]] table."),
    Rule("no-link", "error", "A paper with no link at all.", "Add its paper link."),
    Rule("year-range", "error", "A year before the venue was founded.", "Correct the year or the venue."),
    Rule("code-host", "warning", "A code link to something other than a code host.",
         "Link the repository, or give the link another label (project, website...)."),
    Rule("arxiv-pdf", "warning", "An arXiv PDF link.", "Link the abstract page; check --fix does it."),
    Rule("http-link", "warning", "An http link to a site that serves https.", "check --fix makes it https."),
    Rule("title-spacing", "warning", "A title written with leading, trailing or double spaces.",
         "check --fix rewrites it."),
    Rule("title-period", "warning", "A title ending in a period.", "Drop the period."),
    Rule("title-brackets", "warning", "A title with unbalanced brackets.", "Balance or drop them."),
    Rule("duplicate-title", "error", "Two papers with the same title (case and punctuation aside).",
         "Remove one and keep both papers' links on the other, or mark the pair in [check]"
         " not_duplicates if they really are different papers."),
    Rule("duplicate-url", "error", "A page linked by two papers (a shared code repository is only"
         " a warning).", "Remove the duplicate paper or correct the link."),
    Rule("repeated-link", "warning", "One paper linking the same page twice.", "Remove one link."),
    Rule("near-duplicate-title", "warning", "Titles one word apart (a typo, a plural, a word"
         " more, words reordered).", "Remove one if it is the same paper; if not, mark the pair"
         ' in [check] not_duplicates = [["key-a", "key-b"]].'),
    Rule("venue-host", "warning", "A paper link on a site of other venues only (a CVPR paper on"
         " an ICCV page, an ICML paper on the AAAI site).", "Check that the link is this paper's,"
         " and that the paper is in the right venue."),
    Rule("url-year", "error", "A year in a link that is not the paper's (a warning), or not a year"
         " at all, e.g. /virtual/202/ (an error).", "Correct the link or the paper's year."),
    Rule("dead-host", "error", "A link to a site that is gone (paperswithcode.com): an error for"
         " the paper's own link, a warning for others.", "check --fix replaces a dead paper link by"
         " the arXiv page when the catalog knows it; otherwise link a live page."),
    Rule("placeholder-url", "error", "A placeholder link: example.com, or the front page of"
         " GitHub, arXiv, OpenReview...", "Give the real link or remove it."),
    Rule("not-snn", "warning", "A title with another field's use of 'spike' (spiked Wigner models,"
         " spike-and-slab priors).", 'Remove the paper, or add ignore = ["not-snn"] to it if it'
         " does belong."),
    Rule("stale-as-written", "warning", "A paper's as_written line (its item as the list wrote it)"
         " that no longer says the paper, or holds more than text and the paper's links: export"
         " makes the item from the paper instead.", "check --fix removes the line."),
    Rule("readme-outdated", "error", "A README that is not what export writes (check --readme).",
         "Run `snn-papers export -o README.md`."),
)

BY_ID = {rule.rule: rule for rule in RULES}


def explain(rule: str) -> Rule | None:
    return BY_ID.get(rule)
