"""Human-readable text for a ``When``, at the precision it has.

The rules, smallest first:

* a calendar value reads as people write dates: ``"17 September 2018"``,
  ``"January 2020"``, ``"2018"``, ``"late 2012"``, ``"Q1 2020"``,
  ``"first half of 2020"``, ``"spring 2020"``, ``"2010s"``,
  ``"week of 27 January 2020"``, ``"3 February 2020, 10:30"``;
  years up to 0 are shown BCE (astronomical year -43 is ``"44 BCE"``);
* unstated digits are said, never invented: ``"2004, month unknown"``;
* a time to the hour only reads ``"10h"`` (not ``"10:00"``, which would
  claim the minute); an explicit UTC offset is shown (``"10:30 UTC+05:00"``);
* approximate reads ``"c. 2012"``, uncertain ``"2012?"``, both ``"c. 2012?"``
  (for the value as a whole: a qualifier on any component marks the value);
* intervals share what their ends share: ``"2016–2019"``,
  ``"2–3 February 2020"``, ``"28 January – 3 February 2020"``,
  ``"January–March 2020"``; the en dash is spaced when either side has a space;
* open and unknown ends: ``"from 12 January 2020 on"``, ``"until 2012"``,
  ``"from January 2020, end unknown"``, ``"until 2012, start unknown"``;
* the ``"night"`` hint prefixes ``"night of "``.

Everything here works on integer calendar fields: no pendulum, no datetime.
"""

from __future__ import annotations

from timeline.time._words import MONTH_NAMES, display_value
from timeline.time.when import When

__all__ = ["MONTH_NAMES", "display", "display_value"]


def display(when: When) -> str:
    """Human text for ``when`` at the precision it has, e.g. ``"night of 2–3 February 2020"``.

    Never raises for a valid ``When`` (including years outside 1-9999) and
    never shows more precision than the value states.
    """
    return when.display()
