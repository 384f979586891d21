"""iCalendar (RFC 5545) files: invitations, cancellations and subscription feeds.

Written from plain data, not from a model, so any part of the platform (planned meetings,
later the events) describes its event and gets the file. Times are written in the site's time
zone, Europe/Paris, with its VTIMEZONE: calendar applications then show the right hour on both
sides of a daylight-saving change.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import icalendar

PRODID = "-//Quartiers Talents//Parrainage//FR"
TIME_ZONE = "Europe/Paris"
# What a notification attaches, and what the download and the feed answer with.
CONTENT_TYPE = "text/calendar; charset=UTF-8"


class Method:
    """The iTIP method of a file (RFC 5546)."""

    REQUEST = "REQUEST"  # an invitation, or its update (same UID, higher SEQUENCE)
    CANCEL = "CANCEL"  # the event is cancelled
    PUBLISH = "PUBLISH"  # a feed: events to show, nothing to answer


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    sequence: int = 0
    location: str = ""
    url: str = ""
    description: str = ""
    organizer: Person | None = None
    attendees: tuple[Person, ...] = field(default_factory=tuple)
    cancelled: bool = False


def uid_for(value: uuid.UUID | str, domain: str = "parrainage.quartiers-talents.org") -> str:
    """A globally unique UID (RFC 5545 suggests an identifier followed by a domain)."""
    return f"{value}@{domain}"


def _address(person: Person) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = icalendar.vText(person.name)
    return address


def _event(event: Event, stamp: datetime.datetime, zone: ZoneInfo) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("sequence", event.sequence)
    component.add("dtstamp", stamp.astimezone(datetime.UTC))
    component.add("dtstart", event.start.astimezone(zone))
    component.add("dtend", event.end.astimezone(zone))
    component.add("summary", event.summary)
    if event.location:
        component.add("location", event.location)
    if event.url:
        component.add("url", event.url)
    if event.description:
        component.add("description", event.description)
    if event.organizer is not None:
        component.add("organizer", _address(event.organizer))
    for attendee in event.attendees:
        address = _address(attendee)
        address.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
        address.params["PARTSTAT"] = icalendar.vText("ACCEPTED")
        component.add("attendee", address, encode=0)
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    component.add("transp", "OPAQUE")
    return component


def calendar_file(
    events: Iterable[Event],
    *,
    method: str,
    name: str = "",
    stamp: datetime.datetime | None = None,
) -> bytes:
    """The ``.ics`` file of ``events`` with the iTIP ``method``, in Europe/Paris time."""
    zone = ZoneInfo(TIME_ZONE)
    stamp = stamp or datetime.datetime.now(datetime.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", TIME_ZONE)
    calendar.add_component(paris_timezone())
    for event in events:
        calendar.add_component(_event(event, stamp, zone))
    return calendar.to_ical()


def paris_timezone() -> icalendar.Timezone:
    """The VTIMEZONE the times refer to: Europe/Paris with the European Union's rule (since
    1996: summer time from the last Sunday of March at 02:00 to the last Sunday of October at
    03:00), written as two recurrence rules rather than a list of dates that ends."""
    component = icalendar.Timezone()
    component.add("tzid", TIME_ZONE)
    for kind, name, start, offset_from, offset_to, month in (
        (icalendar.TimezoneDaylight, "CEST", datetime.datetime(1996, 3, 31, 2), 1, 2, 3),
        (icalendar.TimezoneStandard, "CET", datetime.datetime(1996, 10, 27, 3), 2, 1, 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", datetime.timedelta(hours=offset_from))
        part.add("tzoffsetto", datetime.timedelta(hours=offset_to))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        component.add_component(part)
    return component
