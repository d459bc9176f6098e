"""aksedge-wizard: write and validate AKS Edge Essentials deployment JSON."""

__version__ = "0.1.0"
