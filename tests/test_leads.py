"""Article leads (issue 19): what a headline and first paragraph report. Fictional texts."""

from __future__ import annotations

from events_helpers import make_article
from riwaya.components.events.component import extract_events
from riwaya.stages.leads import headline_families, lead_day, lead_family, lead_of
from riwaya.stages.stories.lexical import default_idf


def test_leads_reaction_headline_is_its_own_lead_and_casualties_read_as_violence():
    assert lead_family(headline_families("الرافد تصف مقتل طفل في الهجوم بأنه جريمة"), []) == "statement"
    assert lead_family(headline_families("مقتل شرطي وإصابة ثلاثة آخرين"), []) == "attack"
    assert lead_family(headline_families("البلدية تقر ميزانية العام الجديد"), []) == "other"


def test_leads_arrest_of_attackers_is_news_about_the_attack():
    assert lead_family(headline_families("اعتقال أربعة متهمين بالهجوم على منزل المحافظ"), []) == "attack"


def test_leads_stated_day_counts_only_in_the_week_before_publication():
    article = make_article("هاجم مسلحون مركزا للشرطة في الريحان يوم 3 آذار 2030.", published="2030-03-05")
    article.add_layer("events", extract_events(article))
    lead = lead_of(article, default_idf())
    assert lead is not None and lead.family == "attack"
    mention = lead.mention
    mention.attrs["time"] = "2001-09-11"  # a comparison with a past attack, not this one's day
    day, stated = lead_day(article, mention)
    assert (day.isoformat(), stated) == ("2030-03-05", False)
    mention.attrs["time"] = "2030-03-03"
    assert lead_day(article, mention)[1] is True
