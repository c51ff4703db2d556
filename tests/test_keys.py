"""Paper keys: the base key of a title, and the letter that makes it unique."""

from __future__ import annotations

import pytest

from awesome_snn.keys import base_key, unique_key


@pytest.mark.parametrize(("title", "year", "key"), [
    ("Spikformer: When Spiking Neural Network Meets Transformer", 2023, "spikformer-2023"),
    ("Optical Flow Estimation for Spiking Camera", 2022, "optical-flow-estimation-2022"),
    ("A Study of the Spikes", 2021, "study-spikes-2021"),
])
def test_a_base_key_is_the_short_name_before_a_colon_or_the_first_three_words(
        title: str, year: int, key: str) -> None:
    assert base_key(title, year) == key


def test_keys_of_one_base_take_letters_in_order_with_or_without_the_memory_of_suffixes() -> None:
    titles = ["Spiking Nets Again"] * 30
    plain: set[str] = set()
    remembered: set[str] = set()
    tried: dict[str, int] = {}
    made_plain, made_remembered = [], []
    for title in titles:
        made_plain.append(unique_key(title, 2024, plain))
        plain.add(made_plain[-1])
        made_remembered.append(unique_key(title, 2024, remembered, tried))
        remembered.add(made_remembered[-1])
    assert made_plain == made_remembered
    assert made_plain[:4] == ["spiking-nets-again-2024", "spiking-nets-again-2024-b",
                              "spiking-nets-again-2024-c", "spiking-nets-again-2024-d"]
    assert made_plain[26:28] == ["spiking-nets-again-2024-aa", "spiking-nets-again-2024-ab"]
    assert len(set(made_plain)) == 30


def test_a_remembered_suffix_still_skips_keys_taken_since() -> None:
    taken = {"spiking-nets-2024", "spiking-nets-2024-b"}
    tried: dict[str, int] = {}
    assert unique_key("Spiking Nets", 2024, taken, tried) == "spiking-nets-2024-c"
    taken |= {"spiking-nets-2024-c", "spiking-nets-2024-d"}  # -d taken by someone else
    assert unique_key("Spiking Nets", 2024, taken, tried) == "spiking-nets-2024-e"
