"""magnerve: magnesium, vitamin B12 and alpha-lipoic acid, tracked safely with diabetic neuropathy.

See README.md and docs/.
"""

__version__ = "0.1.0"
