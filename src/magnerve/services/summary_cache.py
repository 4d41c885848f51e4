"""A small in-process cache for per-person summaries (the clinician panel's rows).

Keys carry the person's revision, so an entry is never wrong, only unused once the person's
records change. Each app process has its own; nothing here needs to be shared.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

#: Summaries kept per process (least recently used go first).
MAX_ENTRIES = 5000


class SummaryCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
