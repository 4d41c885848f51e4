"""magnerve: magnesium, vitamin B12 and alpha-lipoic acid, tracked safely for diabetic neuropathy."""

__version__ = "0.1.0"
