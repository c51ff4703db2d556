"""add and remove on a real terminal: a pseudo-terminal drives the real process."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import time
from pathlib import Path

from cli_helpers import command_line, load, process_env

from awesome_snn import catalog


class Terminal:
    """A subprocess whose stdin/stdout/stderr are a pty, answered prompt by prompt."""

    def __init__(self, *args: str) -> None:
        self.master, slave = pty.openpty()
        env = process_env({"COLUMNS": "120", "NO_COLOR": "1"})
        self.proc = subprocess.Popen(command_line(*args),
                                     stdin=slave, stdout=slave, stderr=slave, env=env,
                                     close_fds=True)
        os.close(slave)
        self.seen = ""
        self.position = 0
        """Where the screen was read up to: each ``expect`` looks after the last one's text."""

    def expect(self, text: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen[self.position:]:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"never saw {text!r}; screen so far: {self.seen!r}"
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    assert text in self.seen[self.position:], \
                        f"process ended before {text!r}: {self.seen!r}"
                self.seen += chunk.decode("utf-8", "replace")
        self.position = self.seen.index(text, self.position) + len(text)

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def finish(self) -> int:
        try:
            while True:
                ready, _, _ = select.select([self.master], [], [], 10)
                if not ready:
                    break
                chunk = os.read(self.master, 4096)
                if not chunk:
                    break
                self.seen += chunk.decode("utf-8", "replace")
        except OSError:
            pass
        code = self.proc.wait(timeout=15)
        os.close(self.master)
        return code


def test_add_prompts_on_a_terminal_for_what_is_missing(catalog_file: Path) -> None:
    term = Terminal("add", "--catalog", str(catalog_file), "--venue", "ICLR")
    term.expect("Title:")
    term.send("Spiking State Space Models")
    term.expect("Year:")
    term.send("2023")
    term.expect("Paper URL:")
    term.send("https://openreview.net/forum?id=ssm")
    term.expect("Code URL (optional, Enter to skip):")
    term.send("")
    assert term.finish() == 0, term.seen
    assert "Added spiking-state-space-2023" in term.seen
    paper = load(catalog_file).paper("spiking-state-space-2023")
    assert paper is not None and paper.venue == "ICLR" and not paper.has_code


def test_remove_asks_for_confirmation_on_a_terminal(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    term = Terminal("remove", "spikformer-2023", "--catalog", str(catalog_file))
    term.expect("Remove spikformer-2023")
    term.send("n")
    assert term.finish() == 1
    assert catalog_file.read_bytes() == before
    term = Terminal("remove", "spikformer-2023", "--catalog", str(catalog_file))
    term.expect("Remove spikformer-2023")
    term.send("y")
    assert term.finish() == 0
    assert load(catalog_file).paper("spikformer-2023") is None


def test_ctrl_c_at_a_prompt_is_one_line_and_exit_130(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    term = Terminal("add", "--catalog", str(catalog_file), "--venue", "ICLR")
    term.expect("Title: ")
    time.sleep(0.3)  # a person's Ctrl-C comes while the prompt waits (CPython loses a SIGINT
    term.proc.send_signal(signal.SIGINT)  # that lands between writing the prompt and reading)
    assert term.finish() == 130, term.seen
    assert "snn-papers: interrupted" in term.seen
    assert "Traceback" not in term.seen and "Aborted" not in term.seen
    assert catalog_file.read_bytes() == before


def test_ctrl_c_at_the_removal_question_removes_nothing(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    term = Terminal("remove", "spikformer-2023", "--catalog", str(catalog_file))
    term.expect("[y/N]: ")
    time.sleep(0.3)
    term.proc.send_signal(signal.SIGINT)
    assert term.finish() == 130, term.seen
    assert "snn-papers: interrupted" in term.seen and "Traceback" not in term.seen
    assert catalog_file.read_bytes() == before


# --- each answer checked as it is given (issue 12, item 15) ----------------------------------

def test_add_checks_each_answer_and_asks_again_with_the_reason(catalog_file: Path) -> None:
    term = Terminal("add", "--catalog", str(catalog_file))
    term.expect("Title:")
    term.send("Spiking State Space Models")
    term.expect("Venue (e.g. ICLR):")
    term.send("ICRL")
    term.expect("'ICRL' is not a known venue; the closest known: ICLR")
    term.expect("Register ICRL as a new venue? [y/N]:")
    term.send("n")
    term.expect("Venue (e.g. ICLR):")
    term.send("ICLR")
    term.expect("Year:")
    term.send("20x3")
    term.expect("year '20x3' is not a four-digit year")
    term.expect("Year:")
    term.send("2023")
    term.expect("Paper URL:")
    term.send("openreview.net/forum?id=ssm")
    term.expect("must start with http:// or https://")
    term.expect("Paper URL:")
    term.send("https://openreview.net/forum?id=ssm")
    term.expect("Code URL (optional, Enter to skip):")
    term.send("github.com/x/ssm")
    term.expect("must start with http:// or https://")
    term.expect("Code URL (optional, Enter to skip):")
    term.send("")
    assert term.finish() == 0, term.seen
    assert "Added spiking-state-space-2023" in term.seen
    paper = load(catalog_file).paper("spiking-state-space-2023")
    assert paper is not None and paper.venue == "ICLR" and paper.year == 2023
    assert paper.paper_url == "https://openreview.net/forum?id=ssm" and not paper.has_code


def test_add_offers_to_register_an_unknown_venue_with_its_full_name(catalog_file: Path) -> None:
    term = Terminal("add", "--catalog", str(catalog_file), "--year", "2024")
    term.expect("Title:")
    term.send("Spiking Neurons for Tiny Chips")
    term.expect("Venue (e.g. ICLR):")
    term.send("NICE")
    term.expect("Register NICE as a new venue? [y/N]:")
    term.send("y")
    term.expect("Full name of NICE:")
    term.send("Neuro [Inspired]")
    term.expect("may not contain brackets")
    term.expect("Full name of NICE:")
    term.send("Neuro-Inspired Computational Elements Conference")
    term.expect("Paper URL:")
    term.send("https://ieeexplore.ieee.org/document/1234567")
    term.expect("Code URL (optional, Enter to skip):")
    term.send("")
    assert term.finish() == 0, term.seen
    assert "Registered venue NICE (Neuro-Inspired Computational Elements Conference)" in term.seen
    view = catalog.open_catalog(catalog_file)
    assert view.venue("NICE").name == "Neuro-Inspired Computational Elements Conference"
    assert load(catalog_file).paper("spiking-neurons-tiny-2024").venue == "NICE"


def test_add_refuses_a_duplicate_title_before_asking_more(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    term = Terminal("add", "--catalog", str(catalog_file))
    term.expect("Title:")
    term.send("Spikformer: When Spiking Neural Network Meets Transformer")
    assert term.finish() == 1, term.seen
    assert "spikformer-2023 already has" in term.seen and "Venue" not in term.seen
    assert catalog_file.read_bytes() == before


def test_options_given_on_the_command_line_are_checked_before_any_question(catalog_file: Path) -> None:
    term = Terminal("add", "--catalog", str(catalog_file), "--year", "1066")
    assert term.finish() == 2, term.seen
    assert "year 1066 is outside" in term.seen and "Title:" not in term.seen
