"""Test suites for code built on timeline: prove that a store backend keeps the contract.

A backend of :class:`~timeline.store.EventStore` (in this repository or
outside it) proves itself by subclassing :class:`StoreContract` and saying how
to make a fresh store::

    from timeline import testing

    class TestMyStore(testing.StoreContract):
        def create_store(self, directory, **options):
            return MyStore(directory / "events.db", **options)

That runs every test of the contract (numbering, expected versions, repeats,
recorded and reported time, lookup by id, bad input, subscriptions, ``follow``, threads)
and the model-based test (:class:`StoreMachine` against :class:`StoreModel`), under ``unittest`` or
pytest. Only Hypothesis is needed, and it is a dependency of timeline.

Importing this module registers one sample kind, ``timeline-testing.capture``
(:class:`SampleCapture`).
"""

from timeline.testing.samples import SAMPLE_WHEN, SampleCapture, make_event, make_events
from timeline.testing.store_contract import StoreContract
from timeline.testing.store_model import StoreMachine, StoreModel

__all__ = [
    "SAMPLE_WHEN",
    "SampleCapture",
    "StoreContract",
    "StoreMachine",
    "StoreModel",
    "make_event",
    "make_events",
]
