"""A 30-paper catalog for ``enrich``, made of the papers of the replay's recorded answers
(tests/data/metadata): papers linked to arXiv, OpenReview and DOI pages, papers found by
title only, a link to the wrong paper, and papers whose service fails (503 for an hour, a
login wall, an arXiv id arXiv does not have)."""

from __future__ import annotations

from pathlib import Path

from metadata_replay import Replay, hostile

VENUES = [("ICLR", "International Conference on Learning Representations", "conference"),
          ("NeurIPS", "Conference on Neural Information Processing Systems", "conference"),
          ("CVPR", "IEEE Conference on Computer Vision and Pattern Recognition", "conference"),
          ("AAAI", "Association for the Advancement of Artificial Intelligence", "conference"),
          ("ECCV", "European Conference on Computer Vision", "conference"),
          ("ICCV", "IEEE International Conference on Computer Vision", "conference"),
          ("ICML", "International Conference on Machine Learning", "conference"),
          ("ACM MM", "ACM International Conference on Multimedia", "conference"),
          ("TNNLS", "IEEE Transactions on Neural Networks and Learning Systems", "journal"),
          ("PAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence", "journal"),
          ("Frontiers in Neuroscience", "Frontiers in Neuroscience", "journal")]

# key, title, venue, year, links
PAPERS: list[tuple[str, str, str, int, list[tuple[str, str]]]] = [
    ("spikformer-2023", "Spikformer: When Spiking Neural Network Meets Transformer", "ICLR", 2023,
     [("paper", "https://openreview.net/forum?id=frE4fUwz_h"), ("arxiv", "https://arxiv.org/abs/2209.15425")]),
    ("reducing-information-loss-2022", "Reducing Information Loss for Spiking Neural Networks", "ECCV", 2022,
     [("paper", "https://arxiv.org/abs/2302.02091v1")]),
    ("spikegpt-2023", "SpikeGPT: Generative Pre-trained Language Model with Spiking Neural Networks", "ICML", 2023,
     [("paper", "https://arxiv.org/pdf/2302.13939")]),
    ("temporal-effective-batch-2023", "Temporal Effective Batch Normalization in Spiking Neural Networks", "NeurIPS", 2022,
     [("paper", "https://arxiv.org/abs/2303.13077")]),
    ("fast-snn-2023", "Fast-SNN: Fast Spiking Neural Network by Converting Quantized ANN", "PAMI", 2023,
     [("paper", "https://ieeexplore.ieee.org/document/10124024"), ("arxiv", "https://arxiv.org/abs/2305.19868")]),
    ("spike-driven-transformer-2023", "Spike-driven Transformer", "NeurIPS", 2023,
     [("paper", "https://arxiv.org/abs/2307.01694")]),
    ("deep-residual-learning-2021", "Deep Residual Learning in Spiking Neural Networks", "NeurIPS", 2021,
     [("paper", "https://arxiv.org/abs/2105.11654")]),
    ("incorporating-learnable-membrane-2021", "Incorporating Learnable Membrane Time Constant to Enhance Learning of Spiking Neural Networks", "ICCV", 2021,
     [("paper", "https://arxiv.org/abs/2007.05785")]),
    ("going-deeper-directly-2021", "Going Deeper With Directly-Trained Larger Spiking Neural Networks", "AAAI", 2021,
     [("paper", "https://arxiv.org/abs/2010.01729")]),
    ("temporal-efficient-training-2022", "Temporal Efficient Training of Spiking Neural Network via Gradient Re-weighting", "ICLR", 2022,
     [("paper", "https://arxiv.org/abs/2202.11946")]),
    ("training-feedback-spiking-2021", "Training Feedback Spiking Neural Networks by Implicit Differentiation on the Equilibrium State", "NeurIPS", 2021,
     [("paper", "https://arxiv.org/abs/2110.07742")]),
    ("training-high-performance-2022", "Training High-Performance Low-Latency Spiking Neural Networks by Differentiation on Spike Representation", "CVPR", 2022,
     [("paper", "https://arxiv.org/abs/2205.00459")]),
    # a link to the wrong paper: the arXiv id is "Attention Is All You Need"
    ("spiking-attention-free-2023", "Spiking Transformers Need No Attention at All", "ICLR", 2023,
     [("paper", "https://arxiv.org/abs/1706.03762")]),
    ("spike-driven-transformer-v2-2024", "Spike-driven Transformer V2: Meta Spiking Neural Network Architecture Inspiring the Design of Next-generation Neuromorphic Chips", "ICLR", 2024,
     [("paper", "https://openreview.net/forum?id=1SIBN5Xyw7")]),
    ("learnable-surrogate-gradient-2023", "Learnable Surrogate Gradient for Direct Training Spiking Neural Networks", "NeurIPS", 2023,
     [("paper", "https://openreview.net/pdf?id=7B9DpcEA4B")]),
    ("parallel-spiking-neurons-2023", "Parallel Spiking Neurons with High Efficiency and Ability to Learn Long-term Dependencies", "NeurIPS", 2023,
     [("paper", "https://openreview.net/forum?id=zRkz4duLKp")]),
    ("online-training-through-2022", "Online Training Through Time for Spiking Neural Networks", "NeurIPS", 2022,
     [("paper", "https://openreview.net/forum?id=7ByQ_nvXGJ")]),
    ("learning-event-driven-2023", "Learning Event-Driven Video Deblurring and Interpolation with Spikes", "ICLR", 2023,
     [("paper", "https://openreview.net/forum?id=HyeJf1HKvS")]),
    ("spiking-state-space-2024", "Spiking State Space Models for Long Sequences", "ICML", 2024,
     [("paper", "https://openreview.net/forum?id=Xt0yZ0gHHL")]),
    ("spike-based-energy-2020", "Spike-Based Energy-Efficient Sequence Modelling (a paper not accepted)", "ICLR", 2020,
     [("paper", "https://openreview.net/forum?id=rylDSv4Kwr")]),
    ("spiking-neural-networks-event-2022", "Spiking Neural Networks for Event-Based Vision: a Survey of Methods", "TNNLS", 2022,
     [("paper", "https://doi.org/10.1109/TNNLS.2021.3119238")]),
    ("masked-spiking-transformer-2023", "Masked Spiking Transformer for Event Streams", "CVPR", 2023,
     [("paper", "https://doi.org/10.1109/CVPR52729.2023.00305")]),
    ("spiking-autoencoders-temporal-2021", "Spiking Autoencoders With Temporal Coding", "Frontiers in Neuroscience", 2021,
     [("paper", "https://doi.org/10.3389/fnins.2021.773954")]),
    ("spiking-neural-networks-audio-2023", "Spiking Neural Networks for Audio-Visual Speech Recognition in Noise", "ACM MM", 2023,
     [("paper", "http://dx.doi.org/10.1145/3581783.3611830")]),
    ("neuromorphic-data-augmentation-2022", "Neuromorphic Data Augmentation for Training Spiking Neural Networks", "ECCV", 2022,
     [("paper", "https://doi.org/10.1007/978-3-031-20053-3_36")]),
    # no identifier in the links: Crossref finds the DOI by the exact title, or nothing
    ("exploring-temporal-information-2023", "Exploring Temporal Information Dynamics in Spiking Neural Networks", "AAAI", 2023,
     [("paper", "https://ojs.aaai.org/index.php/AAAI/article/view/26002"), ("code", "https://github.com/Intelligent-Computing-Lab-Yale/Exploring-Temporal-Information-Dynamics-in-Spiking-Neural-Networks")]),
    ("paper-nobody-indexed-2022", "A Paper Nobody Indexed About Spiking Cortical Columns", "AAAI", 2022,
     [("paper", "https://example.org/papers/columns.pdf")]),
    # services that fail for one paper
    ("unreachable-doi-2024", "Spiking Networks Behind a Server That Is Down", "TNNLS", 2024,
     [("paper", "https://doi.org/10.1109/TNNLS.2024.9999999")]),
    ("login-wall-2024", "Spiking Networks Behind a Login Wall", "ICLR", 2024,
     [("paper", "https://openreview.net/forum?id=LoginWall01")]),
    ("arxiv-has-not-2024", "Spiking Networks arXiv Never Heard Of", "ICML", 2024,
     [("paper", "https://arxiv.org/abs/2401.00001")]),
]
assert len(PAPERS) == 30

MISMATCH = {"spiking-attention-free-2023"}
ERRORS = {"unreachable-doi-2024", "login-wall-2024", "arxiv-has-not-2024"}
NOTHING = {"paper-nobody-indexed-2022"}
FILLABLE = {key for key, *_rest in PAPERS} - MISMATCH - ERRORS - NOTHING
"""The papers enrich must fill: every one the replay knows under its own title."""


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def catalog_text() -> str:
    parts = ['[list]\ntitle = "Thirty Spiking Papers"\n']
    for abbr, name, kind in VENUES:
        parts.append(f"[[venues]]\nabbr = {_q(abbr)}\nname = {_q(name)}\nkind = {_q(kind)}\n")
    for key, title, venue, year, links in PAPERS:
        lines = [f"[[papers]]\nkey = {_q(key)}\ntitle = {_q(title)}\nvenue = {_q(venue)}\nyear = {year}\n",
                 "[papers.links]\n", *(f"{_q(label)} = {_q(url)}\n" for label, url in links)]
        parts.append("".join(lines))
    return "\n".join(parts)


def write_catalog(path: Path) -> Path:
    path.write_text(catalog_text(), encoding="utf-8")
    return path


def break_services(replay: Replay) -> None:
    """The failing papers' answers: a 503 asking to wait an hour, a login wall."""
    replay.special["10.1109/TNNLS.2024.9999999"] = (503, {"Retry-After": "3600"}, b"down for maintenance")
    replay.special["LoginWall01"] = (200, {"Content-Type": "text/html; charset=utf-8"}, hostile("login-wall.html"))
