"""The events a unit of work publishes: those of every aggregate its repositories saw.

As in cosmicpython, a repository remembers each aggregate it hands out or is given (``get``,
``add``, ``update``...), and the unit of work's ``commit`` writes their pending events to the
outbox in the same transaction; no use case can forget to publish one.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from domain.events import DomainEvent


class EventSource(Protocol):
    """An aggregate that records domain events (``Avatar``, ``PhotoUpload``)."""

    def pull_events(self) -> list[DomainEvent]: ...


Aggregate = TypeVar("Aggregate", bound=EventSource)


class SeenAggregates:
    """The aggregates of one unit of work, in the order first seen, and the events recorded
    with ``record`` (a user's, of no aggregate), which follow theirs."""

    def __init__(self) -> None:
        # Keyed by identity: holding the object keeps its id from being reused.
        self._aggregates: dict[int, EventSource] = {}
        self._recorded: list[DomainEvent] = []

    def saw(self, aggregate: Aggregate) -> Aggregate:
        self._aggregates.setdefault(id(aggregate), aggregate)
        return aggregate

    def saw_all(self, aggregates: list[Aggregate]) -> list[Aggregate]:
        for aggregate in aggregates:
            self.saw(aggregate)
        return aggregates

    def record(self, event: DomainEvent) -> None:
        self._recorded.append(event)

    def collect_events(self) -> list[DomainEvent]:
        """Every pending event, each aggregate's in order, then the recorded ones; emptied."""
        events = [e for aggregate in self._aggregates.values() for e in aggregate.pull_events()]
        events += self._recorded
        self._recorded = []
        return events

    def forget(self) -> None:
        """Drop the pending events (a rollback): they described changes that did not happen."""
        self.collect_events()
