"""snn-papers: a catalog of Spiking Neural Network conference papers, and its README."""

__version__ = "0.1.0"
