"""A local LinkedIn simulator: the pages the bot drives, with injectable faults."""

from sim.app import create_app
from sim.data import Education, Experience, HistoryMessage, Person, generate_people
from sim.server import SimServer
from sim.state import DeliveredMessage, Faults, RequestRecord, SimState

__all__ = [
    "DeliveredMessage",
    "Education",
    "Experience",
    "Faults",
    "HistoryMessage",
    "Person",
    "RequestRecord",
    "SimServer",
    "SimState",
    "create_app",
    "generate_people",
]
