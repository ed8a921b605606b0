"""StorePredict: storage and compute sizing from VMware inventory exports."""

__version__ = "0.1.0"
