"""A small fictional story told by three outlets, shared by the writer's tests and bench."""

from __future__ import annotations

from datetime import datetime, timezone

from newsdigest.records import Article

NORTHWIRE = """HALBROOK (Northwire) — A fire at the Kessler Road substation cut power to about 180,000 homes in Halbrook on Tuesday night, leaving much of the city dark for more than 14 hours.
By Anna Brill
The blaze started shortly after 9 p.m. in a transformer bay, according to the city's fire service, and was brought under control by midnight.
No one was injured, but two hospitals switched to backup generators and the city's tram network stopped running.
Halgrid, the regional grid operator, said on Wednesday that power had been restored to 150,000 customers by noon.
“We are working around the clock and expect every home to be reconnected by Thursday evening,” Halgrid chief executive Maria Olsen said at a news conference.
She added that a faulty cooling pump was the most likely cause of the fire, although investigators have not ruled anything out.
Mayor Tomas Reyes said the city would review why backup systems at several traffic junctions failed.
“People sat in the dark for fourteen hours, and they deserve a full account of what went wrong,” Reyes told reporters.
The outage is the worst in Halbrook since a storm in 2019 left 90,000 homes without power for two days.
Sign up for our morning briefing to get the day's news in your inbox.
"""

CLARION = """Photo: Halbrook at night during the outage (Clarion/J. Marsh)
Halbrook residents woke up on Wednesday to a second day without electricity after a substation fire on Tuesday night knocked out power across the city.
The fire broke out at the Kessler Road substation in the city's north, the fire service said.
It spread quickly through a transformer bay before firefighters contained it around midnight.
Shops in the old town stayed shut and schools in three districts cancelled classes.
Fire chief Paul Danner said crews had found no sign of arson.
“The damage is concentrated in one transformer bay, and the cause looks mechanical rather than deliberate,” Danner said.
Grid operator Halgrid said around 150,000 of the 180,000 affected customers had power again by Wednesday noon.
Its chief executive, Maria Olsen, apologised to residents and promised compensation for spoiled food.
“Anyone who lost food or medicine during the outage will be able to claim compensation from us,” Olsen said.
Click here to read more about how to claim.
"""

MERIDIAN = """Halbrook's mayor has ordered an independent inquiry into the blackout that left most of the city without power after Tuesday's substation fire.
Mayor Tomas Reyes announced the inquiry on Wednesday afternoon, as Halgrid crews reconnected the last districts in the north of the city.
This is the second major outage in Halbrook in five years.
Reyes said the inquiry would look at the substation's maintenance record and at why backup power failed at traffic lights and two tram depots.
“We will publish every finding, and if the grid needs new money, we will find it,” Reyes said.
Opposition councillor Leena Vask criticised the response, saying residents had been left without information for hours.
“Nobody told people when the lights would come back, and that silence was the real failure,” Vask said.
Halgrid expects all 180,000 affected homes to be reconnected by Thursday evening.
Read more: How Halbrook's grid became one of the oldest in the region
"""


def story_articles() -> list[Article]:
    return [
        Article(
            id="nw-1",
            text=NORTHWIRE,
            url="https://northwire.example/halbrook-blackout",
            source="Northwire",
            title="Fire at substation plunges Halbrook into blackout - Northwire",
            published=datetime(2026, 3, 4, 8, 0, tzinfo=timezone.utc),
        ),
        Article(
            id="dc-1",
            text=CLARION,
            url="https://clarion.example/halbrook",
            source="The Daily Clarion",
            title="YOU WON'T BELIEVE what caused Halbrook's blackout!",
            published=datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc),
        ),
        Article(
            id="mn-1",
            text=MERIDIAN,
            url="https://meridian.example/news/halbrook-inquiry",
            source="Meridian News",
            title="Halbrook blackout: mayor orders inquiry after substation fire | Meridian News",
            published=datetime(2026, 3, 4, 15, 0, tzinfo=timezone.utc),
        ),
    ]
