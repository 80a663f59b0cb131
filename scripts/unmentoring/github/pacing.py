"""The content-creation budget: how long to wait before the next issue, comment or pull request.

GitHub's secondary rate limits allow "no more than 80 content-generating requests per minute and
no more than 500 content-generating requests per hour" (and less for some endpoints), and ask
for at least a second between mutative requests:
https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
In practice issue creation is refused sooner, with 422 "was submitted too quickly", from about
the tenth to twentieth issue within a minute (https://github.com/cli/cli/issues/4801), so
creations are spaced ``interval`` seconds apart (3 by default: 20 a minute), and at most
``hourly`` of them (400 by default, under the 500) go in any 60-minute window.

Pure: times are passed in (epoch seconds), so the client decides how to wait.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

DEFAULT_CREATE_INTERVAL = 3.0
# After "submitted too quickly" the interval doubles, up to this (2.5 a minute).
MAX_CREATE_INTERVAL = 24.0
DEFAULT_HOURLY_CREATES = 400
HOUR = 3600.0


class CreationBudget:
    """Creations in the last hour, and the wait before one more keeps to ``hourly``."""

    def __init__(self, hourly: int = DEFAULT_HOURLY_CREATES, window: float = HOUR):
        if hourly < 1:
            raise ValueError("the hourly budget must allow at least one creation")
        self.hourly = hourly
        self.window = window
        self._times: deque[float] = deque()

    def add(self, times: Iterable[float]) -> None:
        """Count creations made at ``times`` (by this run or, learned from GitHub, earlier)."""
        self._times = deque(sorted([*self._times, *times]))

    def used(self, now: float) -> int:
        """Creations within the window ending at ``now``."""
        self._forget(now)
        return len(self._times)

    def wait_before_next(self, now: float) -> float:
        """Seconds until one more creation keeps the window to ``hourly`` (0: at once)."""
        self._forget(now)
        if len(self._times) < self.hourly:
            return 0.0
        # The oldest creations that must leave the window before there is room for one more.
        return self._times[len(self._times) - self.hourly] + self.window - now

    def _forget(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.window:
            self._times.popleft()
