"""Build the local source site (HTML, RSS, JSON, MANIFEST, answer key) from one content table.

Every document the demo and the tests scrape is written once, below, as data: its
text, its date, and what it means for the two seed questions (``Verdict``). The
renderers turn that into pages shaped like the real sources (a ministry CMS, an agency
RSS feed, ReliefWeb's reports API, an IOM PDF), and the same data writes
``MANIFEST.md`` (the human answer key) and ``_answer_key.json`` (the machine one), so
the key cannot drift from the pages.

All text is fictional, written for this project; the footers say so.

Absolute URLs use ``ORIGIN`` (the default port of ``python -m resdesk.localsite``);
``resdesk.localsite`` rewrites that origin to the port it really serves on.

    python _build_site.py           # rewrite changed files (the PDF too)
    python _build_site.py --check   # exit 1 if any generated file is stale
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import _build_pdf

HERE = Path(__file__).resolve().parent
ORIGIN = "http://127.0.0.1:8765"
BAGHDAD = timezone(timedelta(hours=3))
DISCLAIMER = (
    "Demonstration copy for the Resolution Desk local test site. All text on this site is "
    "fictional and was not issued by any government or organization."
)

# --------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class Question:
    key: str
    title: str
    outcomes: tuple[str, ...]
    resolution_source: str
    opens_at: datetime
    closes_at: datetime
    resolution: str | None  # the outcome this site's evidence settles, or None


Q1 = Question(
    key="Q1",
    title="What will be the outcome for Syrian soldiers in Iraq by June 30, 2025?",
    outcomes=(
        "Returned to Syria",
        "Granted asylum in Iraq",
        "Transferred to a third country",
        "Other",
    ),
    resolution_source="Reports from Iraqi government and international organizations",
    opens_at=datetime(2024, 12, 7, 14, 38, tzinfo=UTC),
    closes_at=datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC),
    resolution="Returned to Syria",
)
Q2 = Question(
    key="Q2",
    title="Predominant reason cited by Syrian soldiers for crossing into Iraq by June 30, 2025?",
    outcomes=(
        "Fear of militia takeover",
        "Lack of supplies",
        "Orders from superiors",
        "Seeking asylum",
    ),
    resolution_source="Reports from interviews or official statements",
    opens_at=datetime(2024, 12, 7, 14, 48, tzinfo=UTC),
    closes_at=datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC),
    resolution="Fear of militia takeover",
)
QUESTIONS = (Q1, Q2)

# Roles a document plays for a question (MANIFEST and _answer_key.json use these words).
SETTLES = "settles"  # states the outcome, in the window, in the named kind of source
CORROBORATES = "corroborates"  # states the same outcome, in the window; cite beside SETTLES
TRAP = "trap"  # looks relevant (keywords, hedges, denials, other people, late) but is not
UNRELATED = "unrelated"


@dataclass(frozen=True)
class Verdict:
    question: Question
    role: str
    why: str
    outcome: str | None = None  # set for SETTLES / CORROBORATES, or the outcome a trap mimics


def settles(q: Question, why: str) -> Verdict:
    return Verdict(q, SETTLES, why, q.resolution)


def corroborates(q: Question, why: str) -> Verdict:
    return Verdict(q, CORROBORATES, why, q.resolution)


def trap(q: Question, why: str, mimics: str | None = None) -> Verdict:
    return Verdict(q, TRAP, why, mimics)


def unrelated(why: str = "unrelated topic") -> tuple[Verdict, ...]:
    return (Verdict(Q1, UNRELATED, why), Verdict(Q2, UNRELATED, why))


def baghdad(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BAGHDAD)


def utc(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


# --------------------------------------------------------------------------- content


@dataclass(frozen=True)
class Doc:
    """One document: a ministry release, a feed item, an API report or the PDF."""

    source: str  # MoFA-IQ | UNHCR | ReliefWeb | IOM
    slug: str
    published: datetime
    title: str
    summary: str  # teaser / description; the MANIFEST's "what it says" starts here
    paragraphs: tuple[str, ...]
    verdicts: tuple[Verdict, ...]
    lang: str = "en"
    quote: str | None = None  # the sentence a citation should quote (verbatim in the text)
    extra: dict[str, str] = field(default_factory=dict)

    def verdict(self, q: Question) -> Verdict:
        return next(v for v in self.verdicts if v.question is q)


MOFA_KEY_QUOTE = (
    "The Ministry of Foreign Affairs announces that the competent Iraqi authorities today "
    "handed over 1,934 Syrian military personnel to the Syrian authorities at the Al-Qaim "
    "border crossing, and that the personnel have returned to Syria."
)
MOFA_AR_KEY_QUOTE = (
    "تعلن وزارة الخارجية أن السلطات العراقية المختصة سلّمت اليوم ١٩٣٤ عسكرياً سورياً إلى "
    "السلطات السورية في منفذ القائم الحدودي، وأن هؤلاء العسكريين قد عادوا إلى سوريا."
)

MOFA_EN: list[Doc] = [
    Doc(
        source="MoFA-IQ",
        slug="foreign-minister-receives-ambassador-of-the-netherlands",
        published=baghdad(2025, 7, 2, 12, 0),
        title="Foreign Minister receives a copy of the credentials of the new Ambassador of "
        "the Netherlands",
        summary="The Minister wished the Ambassador success and stressed the importance of "
        "developing bilateral relations.",
        paragraphs=(
            "The Minister of Foreign Affairs received today in Baghdad a copy of the "
            "credentials of the new Ambassador of the Kingdom of the Netherlands to Iraq.",
            "The Minister wished the Ambassador success in his duties, and stressed the "
            "importance of developing relations between the two countries in the fields of "
            "trade, higher education and adaptation to climate change.",
            "The Ambassador expressed his country's readiness to strengthen cooperation with "
            "Iraq, and conveyed an invitation to the Minister to visit The Hague.",
        ),
        verdicts=unrelated("unrelated diplomacy, and published after the questions close"),
    ),
    Doc(
        source="MoFA-IQ",
        slug="consular-workshop-on-electronic-passport-services",
        published=baghdad(2025, 3, 12, 10, 30),
        title="Ministry holds workshop on electronic passport services for consular staff",
        summary="Staff from thirty missions abroad were trained on the new electronic "
        "appointment and passport-renewal system.",
        paragraphs=(
            "The Consular Department of the Ministry of Foreign Affairs held a three-day "
            "workshop in Baghdad on the electronic passport services that Iraqi missions "
            "abroad will begin to offer this spring.",
            "Staff from thirty embassies and consulates were trained on the new appointment "
            "system and on the procedures for renewing passports and issuing civil documents "
            "online.",
            "The Ministry stated that the system aims to shorten waiting times for Iraqi "
            "citizens abroad and to reduce the number of visits needed to complete a "
            "transaction.",
        ),
        verdicts=unrelated("consular services"),
    ),
    Doc(
        source="MoFA-IQ",
        slug="iraqi-and-syrian-officials-discuss-reopening-al-qaim-crossing-to-trade",
        published=baghdad(2025, 2, 3, 11, 0),
        title="Iraqi and Syrian officials discuss reopening the Al-Qaim border crossing to trade",
        summary="The talks covered border security, customs procedures and the return of "
        "commercial traffic.",
        paragraphs=(
            "An Iraqi delegation headed by the Undersecretary of the Ministry of Foreign "
            "Affairs held talks today with a Syrian delegation on arrangements for reopening "
            "the Al-Qaim border crossing to trade and passenger traffic.",
            "The two sides discussed border security, customs procedures and the gradual "
            "return of commercial traffic between the two countries, and agreed to form a "
            "joint technical team to follow up on implementation.",
            "The Iraqi side affirmed that the crossing will reopen in stages, according to "
            "the readiness of the facilities on both sides of the border.",
        ),
        verdicts=(
            trap(Q1, "names the Al-Qaim border crossing and a 'return', but of trade traffic"),
            Verdict(Q2, UNRELATED, "border trade"),
        ),
    ),
    Doc(
        source="MoFA-IQ",
        slug="foreign-minister-takes-part-in-regional-ministerial-meeting-on-syria",
        published=baghdad(2025, 1, 9, 20, 0),
        title="Foreign Minister takes part in the regional ministerial meeting on Syria",
        summary="Iraq called for an inclusive political process and for conditions that "
        "allow the voluntary return of Syrian refugees.",
        paragraphs=(
            "The Minister of Foreign Affairs took part today in the regional ministerial "
            "meeting on Syria, with the participation of Arab and European ministers and "
            "representatives of international organizations.",
            "In his address, the Minister affirmed Iraq's support for the unity, sovereignty "
            "and stability of Syria, and for an inclusive political process in which all "
            "components of the Syrian people take part.",
            "The Minister called on the international community to support the creation of "
            "conditions that allow the safe and voluntary return of Syrian refugees to their "
            "country, and stressed the importance of coordinated efforts to prevent the "
            "resurgence of terrorist groups.",
        ),
        verdicts=(
            trap(
                Q1,
                "about a future, voluntary return of Syrian refugees in general, not the soldiers",
                "Returned to Syria",
            ),
            Verdict(Q2, UNRELATED, "diplomacy"),
        ),
    ),
    Doc(
        source="MoFA-IQ",
        slug="iraq-receives-iraqi-families-returning-from-al-hol-camp",
        published=baghdad(2024, 12, 23, 14, 10),
        title="Iraq receives a new group of Iraqi families returning from Al-Hol camp in Syria",
        summary="157 families returned through the Rabia border crossing and were transferred "
        "to a rehabilitation centre in Nineveh.",
        paragraphs=(
            "The Ministry of Foreign Affairs announces that a new group of 157 Iraqi "
            "families, comprising 612 individuals, returned to Iraq today from Al-Hol camp in "
            "north-east Syria, in coordination with the Ministry of Migration and Displaced "
            "and the National Security Advisory.",
            "The families crossed through the Rabia border crossing and were transferred to a "
            "rehabilitation centre in Nineveh governorate, where they will receive "
            "psychological support and help with civil documentation before returning to "
            "their areas of origin.",
            "The Ministry reaffirms that Iraq will continue to repatriate its nationals from "
            "the camp, and calls on countries whose nationals remain in Al-Hol to take back "
            "their citizens.",
        ),
        verdicts=(
            trap(
                Q1,
                "different people (Iraqi families from a camp in Syria); 'returned' and "
                "'transferred' are about them",
                "Transferred to a third country",
            ),
            Verdict(Q2, UNRELATED, "different population"),
        ),
    ),
    Doc(
        source="MoFA-IQ",
        slug="iraq-hands-over-syrian-military-personnel-at-al-qaim",
        published=baghdad(2024, 12, 19, 16, 40),
        title="Iraq hands over Syrian military personnel to the Syrian authorities at the "
        "Al-Qaim border crossing",
        summary="The 1,934 personnel returned to Syria in coordination with the Syrian side "
        "and in the presence of UN agencies.",
        paragraphs=(
            MOFA_KEY_QUOTE,
            "The personnel, officers and soldiers of the Syrian army, had entered Iraqi "
            "territory through the Al-Qaim border crossing on Saturday, 7 December 2024. "
            "They were hosted at a temporary site in Al-Qaim district under the supervision "
            "of the Iraqi security forces, where they were provided with accommodation, food "
            "and medical care, including treatment for the wounded.",
            "The handover was carried out in coordination with the Syrian side, through the "
            "Embassy of the Republic of Iraq in Damascus and the Syrian border authorities, "
            "after guarantees had been obtained for the safety of the returning personnel.",
            "Representatives of the Office of the United Nations High Commissioner for "
            "Refugees (UNHCR) and the International Organization for Migration (IOM) were "
            "present at the crossing throughout the handover to observe the procedures.",
            "The Ministry affirms that Iraq dealt with this matter on humanitarian grounds and "
            "in accordance with its international obligations, and thanks Anbar governorate, "
            "the Joint Operations Command and the Border Ports Commission for their efforts. "
            "The weapons and military vehicles brought by the personnel remain in the custody "
            "of the Iraqi Ministry of Defence pending a separate arrangement.",
        ),
        verdicts=(
            settles(
                Q1,
                "official Iraqi government statement, in the window, that the soldiers were "
                "handed over and have returned to Syria",
            ),
            Verdict(Q2, UNRELATED, "gives no reason for the crossing"),
        ),
        quote=MOFA_KEY_QUOTE,
        extra={
            "translation": "ar",
            "figure": "/mofa/assets/img/al-qaim-handover.svg",
            "caption": "Iraqi and Syrian officials at the Al-Qaim border crossing during the "
            "handover. (Ministry of Foreign Affairs)",
        },
    ),
    Doc(
        source="MoFA-IQ",
        slug="ministry-denies-reports-of-asylum-for-syrian-soldiers",
        published=baghdad(2024, 12, 16, 12, 45),
        title="Ministry denies reports that the Syrian soldiers have been granted asylum in Iraq",
        summary="No decision to grant asylum has been taken, and no asylum applications have "
        "been submitted.",
        paragraphs=(
            "The Ministry of Foreign Affairs denied reports circulated on some social media "
            "pages claiming that the Syrian soldiers hosted in Al-Qaim district had been "
            "granted asylum in Iraq.",
            "The Ministry clarifies that no decision to grant asylum to these personnel has "
            "been taken, and that no asylum applications have been submitted by them to the "
            "competent Iraqi authorities.",
            "The Ministry reiterates that the personnel are being hosted temporarily on "
            "humanitarian grounds, pending arrangements for their return, and calls on media "
            "outlets to obtain information from official sources.",
        ),
        verdicts=(
            trap(
                Q1,
                "a denial: the words 'granted asylum in Iraq' appear only as the rumour "
                "being denied",
                "Granted asylum in Iraq",
            ),
            Verdict(Q2, UNRELATED, "gives no reason for the crossing"),
        ),
    ),
    Doc(
        source="MoFA-IQ",
        slug="arrangements-for-return-of-syrian-military-personnel-under-study",
        published=baghdad(2024, 12, 14, 18, 30),
        title="Ministry of Foreign Affairs: arrangements for the return of the Syrian military "
        "personnel are under study",
        summary="No final decision has been taken on the date or the modalities of the return.",
        paragraphs=(
            "The Ministry of Foreign Affairs is studying, together with the relevant security "
            "authorities, arrangements for the return of the Syrian military personnel hosted "
            "in Al-Qaim district to their country.",
            "The return is expected to take place once the necessary guarantees for the "
            "safety of the personnel have been obtained from the Syrian side, and after "
            "consultation with the United Nations agencies concerned.",
            "No final decision has yet been taken on the date or the modalities of the "
            "return. The Ministry will announce any decision through its official channels.",
        ),
        verdicts=(
            trap(
                Q1, "hedged and in the future: 'is studying', 'is expected to'", "Returned to Syria"
            ),
            Verdict(Q2, UNRELATED, "gives no reason for the crossing"),
        ),
    ),
    Doc(
        source="MoFA-IQ",
        slug="statement-on-syrian-military-personnel-who-entered-at-al-qaim",
        published=baghdad(2024, 12, 8, 13, 5),
        title="Statement on the Syrian military personnel who entered Iraqi territory at the "
        "Al-Qaim border crossing",
        summary="The Ministry confirms that the personnel are being hosted temporarily under "
        "the supervision of the Iraqi security forces.",
        paragraphs=(
            "The Ministry of Foreign Affairs confirms that a number of Syrian military "
            "personnel entered Iraqi territory through the Al-Qaim border crossing on "
            "Saturday, 7 December 2024, after requesting permission from the Iraqi border "
            "forces.",
            "The personnel were disarmed upon entry and are being hosted at a temporary site "
            "in Al-Qaim district under the supervision of the Iraqi security forces. The "
            "wounded among them are receiving treatment at Al-Qaim General Hospital.",
            "The Ministry stresses that the presence of these personnel on Iraqi territory is "
            "temporary, and that their situation will be handled in accordance with "
            "international law and in consultation with the relevant parties, including the "
            "United Nations.",
            "The Ministry will provide further information as arrangements are finalised.",
        ),
        verdicts=(
            trap(Q1, "the starting situation: hosted temporarily, no outcome yet"),
            trap(Q2, "official statement about the crossing that gives no reason for it"),
        ),
    ),
    Doc(
        source="MoFA-IQ",
        slug="foreign-minister-receives-ambassador-of-japan",
        published=baghdad(2024, 12, 2, 11, 20),
        title="Foreign Minister receives the Ambassador of Japan to discuss cooperation in the "
        "water sector",
        summary="The two sides reviewed Japanese-funded irrigation projects and preparations "
        "for the next session of the joint committee.",
        paragraphs=(
            "The Minister of Foreign Affairs received in his office in Baghdad today, Monday, "
            "the Ambassador of Japan to Iraq, and discussed ways of strengthening bilateral "
            "relations, particularly in water management and agriculture.",
            "The Minister praised the support that Japan has provided to Iraq through "
            "concessional loans for the rehabilitation of irrigation networks and water "
            "treatment plants in several governorates.",
            "The Ambassador affirmed his country's wish to continue its partnership with "
            "Iraq, and reviewed the preparations for the next session of the Iraqi-Japanese "
            "joint committee, to be held in Tokyo early next year.",
        ),
        verdicts=unrelated("unrelated diplomacy, and published before the questions open"),
    ),
]

MOFA_AR: list[Doc] = [
    Doc(
        source="MoFA-IQ",
        lang="ar",
        slug="iraq-hands-over-syrian-military-personnel-at-al-qaim",
        published=baghdad(2024, 12, 19, 16, 55),
        title="العراق يسلّم العسكريين السوريين إلى السلطات السورية في منفذ القائم الحدودي",
        summary="عاد العسكريون البالغ عددهم ١٩٣٤ إلى سوريا بالتنسيق مع الجانب السوري "
        "وبحضور وكالات الأمم المتحدة.",
        paragraphs=(
            MOFA_AR_KEY_QUOTE,
            "وكان هؤلاء العسكريون، من ضباط الجيش السوري وجنوده، قد دخلوا الأراضي العراقية عبر "
            "منفذ القائم الحدودي يوم السبت السابع من كانون الأول ٢٠٢٤، واستُضيفوا في موقع "
            "مؤقت في قضاء القائم بإشراف القوات الأمنية العراقية، حيث قُدّم لهم السكن والطعام "
            "والرعاية الطبية، بما في ذلك علاج الجرحى.",
            "وجرت عملية التسليم بالتنسيق مع الجانب السوري، عبر سفارة جمهورية العراق في دمشق "
            "والسلطات الحدودية السورية، بعد الحصول على ضمانات لسلامة العائدين.",
            "وحضر ممثلون عن المفوضية السامية للأمم المتحدة لشؤون اللاجئين والمنظمة الدولية "
            "للهجرة في المنفذ طوال عملية التسليم للاطلاع على الإجراءات.",
            "وتؤكد الوزارة أن العراق تعامل مع هذا الملف من منطلق إنساني ووفقاً لالتزاماته الدولية.",
        ),
        verdicts=(
            settles(
                Q1,
                "the same statement in Arabic: handed over to the Syrian authorities and "
                "returned to Syria",
            ),
            Verdict(Q2, UNRELATED, "gives no reason for the crossing"),
        ),
        quote=MOFA_AR_KEY_QUOTE,
        extra={"translation": "en"},
    ),
    Doc(
        source="MoFA-IQ",
        lang="ar",
        slug="foreign-minister-receives-call-from-arab-league-secretary-general",
        published=baghdad(2024, 12, 11, 15, 0),
        title="وزير الخارجية يتلقى اتصالاً هاتفياً من الأمين العام لجامعة الدول العربية",
        summary="بحث الجانبان آخر التطورات في سوريا وأهمية تنسيق المواقف العربية.",
        paragraphs=(
            "تلقى وزير الخارجية اليوم الأربعاء اتصالاً هاتفياً من الأمين العام لجامعة الدول "
            "العربية، جرى خلاله بحث آخر التطورات في سوريا وانعكاساتها على أمن المنطقة "
            "واستقرارها.",
            "وأكد الوزير موقف العراق الداعم لوحدة سوريا وسيادتها، وأهمية تنسيق المواقف "
            "العربية لدعم الشعب السوري في هذه المرحلة.",
            "من جانبه، أشاد الأمين العام بالدور الذي يضطلع به العراق في المنطقة، واتفق "
            "الجانبان على مواصلة التشاور خلال الأيام المقبلة.",
        ),
        verdicts=unrelated("diplomacy (Arabic)"),
    ),
]

UNHCR_KEY_QUOTE = (
    "UNHCR monitored the return of 1,934 Syrian military personnel who were handed over by "
    "the Iraqi authorities to the Syrian authorities at the Al-Qaim border crossing on "
    "19 December 2024."
)

UNHCR_ITEMS: list[Doc] = [
    Doc(
        source="UNHCR",
        slug="former-syrian-soldiers-depart-iraq-for-resettlement",
        published=utc(2025, 7, 10, 8, 0),
        title="Iraq: fourteen former Syrian soldiers depart for resettlement in a third country",
        summary="A small group who re-entered Iraq in 2025 and sought protection were "
        "transferred to a third country.",
        paragraphs=(
            "Fourteen former Syrian military personnel who re-entered Iraq in early 2025 and "
            "applied for international protection departed Baghdad this week and were "
            "transferred to a third country for resettlement.",
            "The group is not part of the personnel handed over to the Syrian authorities at "
            "the Al-Qaim border crossing in December 2024.",
            "UNHCR thanks the resettlement country and the Government of Iraq for their "
            "cooperation.",
        ),
        verdicts=(
            trap(
                Q1,
                "published after the question closes (2025-06-30), and about a different group",
                "Transferred to a third country",
            ),
            Verdict(Q2, UNRELATED, "gives no reason for the December crossing"),
        ),
        extra={"guid": "unhcr-iq-news-23877", "kind": "News", "category": "Resettlement"},
    ),
    Doc(
        source="UNHCR",
        slug="unhcr-welcomes-civil-documentation-campaign",
        published=utc(2025, 3, 4, 10, 0),
        title="UNHCR welcomes Iraq's civil documentation campaign for displaced families",
        summary="Mobile teams will help displaced families in Nineveh and Anbar obtain "
        "missing civil documents.",
        paragraphs=(
            "UNHCR welcomes the launch of a civil documentation campaign by the Government of "
            "Iraq for displaced families in Nineveh and Anbar governorates.",
            "Mobile teams from the Ministry of Interior, supported by UNHCR and its partners, "
            "will visit camps and informal sites to help families obtain missing identity "
            "cards and birth certificates.",
            "Without documents, displaced people cannot move freely, enrol their children in "
            "school or gain access to social protection.",
        ),
        verdicts=unrelated("civil documentation"),
        extra={"guid": "unhcr-iq-news-23841", "kind": "News", "category": "Documentation"},
    ),
    Doc(
        source="UNHCR",
        slug="unhcr-statement-on-return-of-syrian-military-personnel-from-iraq",
        published=utc(2024, 12, 20, 9, 15),
        title="UNHCR statement on the return of Syrian military personnel from Iraq",
        summary="UNHCR monitored the handover of 1,934 personnel at Al-Qaim on 19 December.",
        paragraphs=(
            UNHCR_KEY_QUOTE,
            "UNHCR staff were present at the crossing and spoke with personnel before the "
            "handover to confirm that each return was voluntary and that individuals "
            "understood their right to seek international protection. None of the personnel "
            "interviewed expressed a wish to seek asylum in Iraq.",
            "UNHCR acknowledges the cooperation of the Government of Iraq, which gave UNHCR "
            "access to the site and to the crossing throughout the process.",
        ),
        verdicts=(
            corroborates(
                Q1,
                "an international organization, in the window, confirms the handover and "
                "return it monitored",
            ),
            Verdict(Q2, UNRELATED, "gives no reason for the crossing"),
        ),
        quote=UNHCR_KEY_QUOTE,
        extra={"guid": "unhcr-iq-news-23810", "kind": "Briefing note", "category": "Returns"},
    ),
    Doc(
        source="UNHCR",
        slug="unhcr-stands-ready-to-monitor-any-return-from-al-qaim",
        published=utc(2024, 12, 13, 17, 20),
        title="UNHCR stands ready to monitor any return of Syrian personnel from Al-Qaim",
        summary="A return is expected in the coming weeks; UNHCR will seek access to make "
        "sure it is voluntary.",
        paragraphs=(
            "UNHCR is in discussion with the Government of Iraq about the situation of the "
            "Syrian military personnel hosted at the temporary site in Al-Qaim district.",
            "A return of the personnel to Syria is expected to take place in the coming days "
            "or weeks. UNHCR stands ready to monitor any such return, to make sure that it is "
            "voluntary and that individuals have been able to express any protection needs.",
            "UNHCR will not take part in any return that is not voluntary.",
        ),
        verdicts=(
            trap(Q1, "hedged and in the future: 'is expected to take place'", "Returned to Syria"),
            Verdict(Q2, UNRELATED, "gives no reason for the crossing"),
        ),
        extra={"guid": "unhcr-iq-news-23807", "kind": "Briefing note", "category": "Returns"},
    ),
    Doc(
        source="UNHCR",
        slug="syrian-personnel-at-al-qaim-describe-the-days-before-their-crossing",
        published=utc(2024, 12, 12, 11, 0),
        title="Syrian personnel at Al-Qaim describe the days before their crossing",
        summary="Personnel gave UNHCR staff varied accounts of why they left; no systematic "
        "survey has been carried out.",
        paragraphs=(
            "During visits to the temporary site in Al-Qaim district this week, UNHCR staff "
            "spoke informally with a number of the Syrian military personnel hosted there.",
            "Their accounts varied. Some said they had been ordered by their officers to "
            "withdraw towards the border; others said that food and fuel had run out days "
            "earlier. Several said they feared what would happen to them if armed groups "
            "reached their positions.",
            "UNHCR has not carried out a systematic survey, and these conversations cannot "
            "show which reason was most common among the personnel.",
        ),
        verdicts=(
            Verdict(Q1, UNRELATED, "describes the crossing, not the outcome"),
            trap(
                Q2,
                "names orders, supplies and fear of armed groups but says it cannot tell "
                "which was most common",
            ),
        ),
        extra={"guid": "unhcr-iq-news-23806", "kind": "News", "category": "Protection"},
    ),
    Doc(
        source="UNHCR",
        slug="lebanon-unhcr-monitors-movements-at-masnaa-crossing",
        published=utc(2024, 12, 10, 15, 0),
        title="Lebanon: UNHCR monitors movements at the Masnaa crossing after events in Syria",
        summary="Large numbers of Syrian refugees have crossed back from Lebanon; UNHCR teams "
        "are at the border.",
        paragraphs=(
            "UNHCR teams in Lebanon are monitoring movements at the Masnaa border crossing, "
            "where large numbers of Syrians have returned to Syria from Lebanon since "
            "8 December.",
            "Many of those crossing told UNHCR staff that they wanted to check on property "
            "and relatives; others said they would wait to see how the situation develops "
            "before deciding whether to return for good.",
            "UNHCR continues to call for returns to be voluntary, safe and dignified, and for "
            "refugees to be able to make informed decisions.",
        ),
        verdicts=(
            trap(
                Q1,
                "'returned to Syria' is about refugees in Lebanon, a different country and "
                "population",
                "Returned to Syria",
            ),
            Verdict(Q2, UNRELATED, "different population"),
        ),
        extra={"guid": "unhcr-iq-news-23804", "kind": "News", "category": "Returns"},
    ),
    Doc(
        source="UNHCR",
        slug="unhcr-statement-on-arrivals-at-al-qaim-border-crossing",
        published=utc(2024, 12, 8, 9, 30),
        title="UNHCR statement on arrivals at the Al-Qaim border crossing",
        summary="UNHCR is following reports that Syrian military personnel crossed into Iraq "
        "and is in contact with the Iraqi authorities.",
        paragraphs=(
            "UNHCR, the UN Refugee Agency, is following reports that around 2,000 Syrian "
            "military personnel crossed into Iraq at the Al-Qaim border crossing on "
            "7 December, and is in contact with the Iraqi authorities.",
            "UNHCR recalls that anyone who wishes to seek international protection must be "
            "able to gain access to asylum procedures in Iraq, and that no one should be "
            "returned to a place where their life or freedom would be at risk.",
            "UNHCR has offered its support to the authorities and will share further "
            "information when it becomes available.",
        ),
        verdicts=(
            trap(
                Q1,
                "mentions asylum in Iraq and returns only as principles; no outcome yet",
                "Granted asylum in Iraq",
            ),
            Verdict(Q2, UNRELATED, "gives no reason for the crossing"),
        ),
        extra={"guid": "unhcr-iq-news-23801", "kind": "Briefing note", "category": "Protection"},
    ),
]
UNHCR_DUPLICATE_GUID = "unhcr-iq-news-23810"  # the feed carries this item twice

RW_Q1_QUOTE = (
    "All 1,934 Syrian military personnel hosted at the site were handed over to the Syrian "
    "authorities at the Al-Qaim border crossing on 19 December 2024 and returned to Syria."
)
RW_Q2_QUOTE = (
    "Fear of militia takeover of their positions was the reason most often cited by the "
    "interviewed soldiers for crossing into Iraq (65 per cent of respondents), ahead of lack "
    "of supplies (18 per cent) and orders from superiors (11 per cent)."
)

RELIEFWEB: list[Doc] = [
    Doc(
        source="ReliefWeb",
        slug="syrian-arab-republic-returnee-survey-former-military-personnel-august-2025",
        published=utc(2025, 8, 14, 9, 0),
        title="Syrian Arab Republic: Returnee survey - former military personnel returned from "
        "Iraq (August 2025)",
        summary="A survey months after the return found lack of supplies most often given, "
        "looking back.",
        paragraphs=(
            "A follow-up survey conducted in July 2025 with 230 former Syrian military "
            "personnel who had returned from Iraq found that, looking back, lack of supplies "
            "was the reason most often given for the withdrawal of their units.",
            "The survey was conducted after the personnel had returned home; its findings "
            "differ from the interviews conducted at the time, which are documented in "
            "earlier reports.",
        ),
        verdicts=(
            trap(Q1, "published after the question closes", "Returned to Syria"),
            trap(Q2, "published after the question closes (2025-06-30)", "Lack of supplies"),
        ),
        extra={"id": "9100107", "org": "IOM", "format": "Assessment", "country": "syr,irq"},
    ),
    Doc(
        source="ReliefWeb",
        slug="iraq-country-brief-january-2025",
        published=utc(2025, 2, 10, 8, 0),
        title="WFP Iraq Country Brief, January 2025",
        summary="Food assistance and resilience activities; nothing on the Syrian soldiers.",
        paragraphs=(
            "WFP assisted 210,000 people in Iraq in January 2025 through cash-based "
            "transfers, school feeding and resilience activities.",
            "Resilience projects in Ninewa and Salah al-Din governorates rehabilitated "
            "irrigation canals and supported climate-smart agriculture.",
        ),
        verdicts=unrelated("food assistance"),
        extra={"id": "9100106", "org": "WFP", "format": "Situation Report", "country": "irq"},
    ),
    Doc(
        source="ReliefWeb",
        slug="iraq-al-qaim-response-situation-report-no-5-20-january-2025",
        published=utc(2025, 1, 20, 7, 0),
        title="Iraq: Al-Qaim Response - Situation Report No. 5 (20 January 2025)",
        summary="Interview findings: fear of militia takeover was the main reason cited; "
        "the full report is attached as a PDF.",
        paragraphs=(
            "This situation report presents the findings of interviews conducted by IOM "
            "protection teams with 412 Syrian military personnel hosted at the Al-Qaim "
            "temporary site between 9 and 18 December 2024.",
            RW_Q2_QUOTE,
            "The full report, attached, also documents the handover of the personnel to the "
            "Syrian authorities on 19 December 2024 and the closure of the site.",
        ),
        verdicts=(
            Verdict(Q1, UNRELATED, "mentions the handover; the attached PDF states the return"),
            corroborates(Q2, "summary of the attached IOM interview findings, in the window"),
        ),
        quote=RW_Q2_QUOTE,
        extra={
            "id": "9100105",
            "org": "IOM",
            "format": "Situation Report",
            "country": "irq,syr",
            "file": _build_pdf.PDF_URL_PATH,
        },
    ),
    Doc(
        source="ReliefWeb",
        slug="iraq-al-qaim-response-flash-update-no-4-22-december-2024",
        published=utc(2024, 12, 22, 11, 4),
        title="Iraq: Al-Qaim Response - Flash Update No. 4 (22 December 2024)",
        summary="The temporary site was closed after all 1,934 personnel were handed over and "
        "returned to Syria.",
        paragraphs=(
            "The temporary site in Al-Qaim district, Anbar governorate, was closed on "
            "20 December 2024.",
            RW_Q1_QUOTE,
            "IOM and UNHCR staff were present at the crossing during the handover. IOM site "
            "management teams completed the handover of the site infrastructure to the Anbar "
            "governorate authorities.",
        ),
        verdicts=(
            corroborates(Q1, "an international organization (IOM) in the window"),
            Verdict(Q2, UNRELATED, "gives no reason for the crossing"),
        ),
        quote=RW_Q1_QUOTE,
        extra={"id": "9100104", "org": "IOM", "format": "Situation Report", "country": "irq"},
    ),
    Doc(
        source="ReliefWeb",
        slug="turkiye-update-on-movements-of-syrians-at-border-gates-17-december-2024",
        published=utc(2024, 12, 17, 13, 0),
        title="Türkiye: Update on movements of Syrians at border gates (17 December 2024)",
        summary="Syrian refugees in Türkiye returning through border gates.",
        paragraphs=(
            "Since 9 December, some 7,600 Syrians have returned to Syria from Türkiye through "
            "three border gates, according to figures shared with UNHCR.",
            "Most of those returning are men travelling alone to assess conditions at home; "
            "UNHCR is present at the border gates to monitor the voluntariness of returns.",
        ),
        verdicts=(
            trap(
                Q1,
                "'returned to Syria' is about refugees in Türkiye, a different country",
                "Returned to Syria",
            ),
            Verdict(Q2, UNRELATED, "different population"),
        ),
        extra={
            "id": "9100103",
            "org": "UNHCR",
            "format": "News and Press Release",
            "country": "tur,syr",
        },
    ),
    Doc(
        source="ReliefWeb",
        slug="syrian-arab-republic-recent-developments-flash-update-no-3-12-december-2024",
        published=utc(2024, 12, 12, 16, 30),
        title="Syrian Arab Republic: Recent developments - Flash Update No. 3 (12 December 2024)",
        summary="Reports that Iraq is considering the return of the soldiers; no timeline.",
        paragraphs=(
            "Hostilities have subsided in several areas, but the humanitarian situation "
            "remains volatile, with large population movements reported inside the country "
            "and across borders.",
            "In Iraq, the authorities are reported to be considering the return of about "
            "2,000 Syrian soldiers who crossed at Al-Qaim on 7 December; no timeline has been "
            "announced.",
            "Humanitarian partners continue to scale up the response in north-west and "
            "north-east Syria, where markets and services remain disrupted.",
        ),
        verdicts=(
            trap(Q1, "hedged: 'reported to be considering'; no timeline", "Returned to Syria"),
            Verdict(Q2, UNRELATED, "gives no reason for the crossing"),
        ),
        extra={"id": "9100102", "org": "OCHA", "format": "Situation Report", "country": "syr,irq"},
    ),
]

PDF_DOC = Doc(
    source="IOM",
    slug="iom-iraq-al-qaim-sitrep-05-2025-01-20",
    published=datetime.fromisoformat(_build_pdf.PUBLISHED_AT),
    title=_build_pdf.TITLE,
    summary="Interviews with 412 personnel: 65 per cent cited fear of militia takeover of "
    "their positions; all 1,934 were handed over and returned to Syria on 19 December 2024.",
    paragraphs=(),
    verdicts=(
        corroborates(Q1, "IOM report in the window restating the handover and return"),
        settles(
            Q2,
            "interview findings in the window: the predominant reason was fear of militia "
            "takeover (268 of 412, 65 per cent)",
        ),
    ),
    quote=_build_pdf.Q2_KEY_SENTENCE,
    extra={"q1_quote": _build_pdf.Q1_KEY_SENTENCE},
)

# --------------------------------------------------------------------------- paths


def mofa_path(doc: Doc) -> str:
    return f"/mofa/{doc.lang}/press-releases/{doc.slug}/"


def unhcr_path(doc: Doc) -> str:
    return f"/unhcr/news/{doc.slug}/"


def rw_page_path(doc: Doc) -> str:
    country = {"irq": "iraq", "syr": "syrian-arab-republic", "tur": "turkiye"}
    return f"/reliefweb/report/{country[doc.extra['country'].split(',')[0]]}/{doc.slug}/"


MOFA_LIST_PAGES = ("/mofa/en/press-releases/", "/mofa/en/press-releases/page/2/")
MOFA_PAGE_SIZE = 5
FEED_PATH = "/unhcr/news/feed.xml"
RW_API_PATH = "/reliefweb/v1/reports"  # served from reliefweb/v1/reports.json
RW_QUERY = "?appname=resdesk-demo&profile=full&preset=latest&limit=10"


def doc_path(doc: Doc) -> str:
    if doc.source == "MoFA-IQ":
        return mofa_path(doc)
    if doc.source == "UNHCR":
        return unhcr_path(doc)
    if doc.source == "ReliefWeb":
        return rw_page_path(doc)
    return _build_pdf.PDF_URL_PATH


# --------------------------------------------------------------------------- dates

EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
AR_MONTHS = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)  # fmt: skip
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
AR_DAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def en_date(d: datetime, *, weekday: bool = False) -> str:
    text = f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"
    return f"{EN_DAYS[d.weekday()]}, {text}" if weekday else text


def ar_date(d: datetime, *, weekday: bool = False) -> str:
    text = f"{d.day} {AR_MONTHS[d.month - 1]} {d.year}".translate(AR_DIGITS)
    return f"{AR_DAYS[d.weekday()]} {text}" if weekday else text


def iso(d: datetime) -> str:
    return d.isoformat()


def iso_utc(d: datetime) -> str:
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------- HTML: ministry

e = html.escape

MOFA_CHROME: dict[str, dict[str, str]] = {
    "en": {
        "home": "Home",
        "ministry": "The Ministry",
        "press": "Press Releases",
        "consular": "Consular Services",
        "contact": "Contact Us",
        "country": "Republic of Iraq",
        "ministry_name": "Ministry of Foreign Affairs",
        "skip": "Skip to main content",
        "search": "Search",
        "cookie": "This website uses cookies to improve your experience. By continuing to "
        "browse the site you agree to our",
        "privacy": "privacy policy",
        "accept": "Accept",
        "decline": "Decline",
        "latest": "Latest News",
        "quick": "Quick Links",
        "share": "Share",
        "related": "Related",
        "print": "Print",
        "read_more": "Read more",
        "address": "Ministry of Foreign Affairs, Karradat Maryam, Baghdad, Republic of Iraq",
        "rights": "© 2025 Ministry of Foreign Affairs. All rights reserved.",
        "other_code": "ar",
        "other_name": "العربية",
        "this_lang": "English",
        "pager": "Pagination",
        "next": "Next ›",
        "prev": "‹ Previous",
    },
    "ar": {
        "home": "الرئيسية",
        "ministry": "عن الوزارة",
        "press": "البيانات الصحفية",
        "consular": "الخدمات القنصلية",
        "contact": "اتصل بنا",
        "country": "جمهورية العراق",
        "ministry_name": "وزارة الخارجية",
        "skip": "انتقل إلى المحتوى الرئيسي",
        "search": "بحث",
        "cookie": "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك. باستمرارك في التصفح "
        "فإنك توافق على",
        "privacy": "سياسة الخصوصية",
        "accept": "موافق",
        "decline": "رفض",
        "latest": "آخر الأخبار",
        "quick": "روابط سريعة",
        "share": "مشاركة",
        "related": "ذات صلة",
        "print": "طباعة",
        "read_more": "اقرأ المزيد",
        "address": "وزارة الخارجية، كرادة مريم، بغداد، جمهورية العراق",
        "rights": "© ٢٠٢٥ وزارة الخارجية. جميع الحقوق محفوظة.",
        "other_code": "en",
        "other_name": "English",
        "this_lang": "العربية",
        "pager": "ترقيم الصفحات",
        "next": "التالي ‹",
        "prev": "› السابق",
    },
}


def mofa_date(doc: Doc, *, weekday: bool = False) -> str:
    return (
        ar_date(doc.published, weekday=weekday)
        if doc.lang == "ar"
        else en_date(doc.published, weekday=weekday)
    )


def mofa_listing(lang: str) -> list[Doc]:
    docs = MOFA_AR if lang == "ar" else MOFA_EN
    return sorted(docs, key=lambda d: d.published, reverse=True)


def mofa_page(
    *,
    lang: str,
    path: str,
    title: str,
    body: str,
    body_class: str,
    alternate: str | None,
    head_extra: Sequence[str] = (),
    breadcrumb: Sequence[tuple[str, str | None]] = (),
) -> str:
    """The ministry CMS chrome around ``body``: cookie banner, header, nav, sidebar, footer."""
    c = MOFA_CHROME[lang]
    other_code, other_name = c["other_code"], c["other_name"]
    other_href = alternate or f"/mofa/{other_code}/press-releases/"
    press = f"/mofa/{lang}/press-releases/"
    nav = [
        ("/mofa/", c["home"]),
        (f"/mofa/{lang}/about/", c["ministry"]),
        (press, c["press"]),
        (f"/mofa/{lang}/consular-services/", c["consular"]),
        (f"/mofa/{lang}/contact/", c["contact"]),
    ]
    nav_items = "\n".join(
        f'        <li class="menu-item{" menu-item--active-trail" if href == press else ""}">'
        f'<a href="{href}">{e(label)}</a></li>'
        for href, label in nav
    )
    crumbs = [(c["home"], "/mofa/"), *breadcrumb]
    crumb_items = "\n".join(
        f'      <li class="breadcrumb__item"><a href="{href}">{e(label)}</a></li>'
        if href
        else f'      <li class="breadcrumb__item" aria-current="page">{e(label)}</li>'
        for label, href in crumbs
    )
    latest = "\n".join(
        f'          <li><a href="{mofa_path(d)}">{e(d.title)}</a>'
        f'<span class="date"><time datetime="{iso(d.published)}">{e(mofa_date(d))}</time>'
        f"</span></li>"
        for d in mofa_listing(lang)[:4]
    )
    dir_ = "rtl" if lang == "ar" else "ltr"
    head = "\n".join(f"  {line}" for line in head_extra)
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{dir_}" prefix="og: https://ogp.me/ns#">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>{e(title)} | {e(c["ministry_name"])}</title>
  <link rel="canonical" href="{ORIGIN}{path}">
  <link rel="alternate" hreflang="{other_code}" href="{ORIGIN}{other_href}">
  <meta name="generator" content="Drupal 10 (https://www.drupal.org)">
  <meta property="og:site_name" content="{e(c["ministry_name"])}">
  <meta property="og:title" content="{e(title)}">
  <meta property="og:url" content="{ORIGIN}{path}">
{head}
  <link rel="icon" href="/mofa/assets/img/emblem.svg" type="image/svg+xml">
  <link rel="stylesheet" media="all" href="/mofa/assets/css/site.css">
</head>
<body class="{body_class} lang-{lang}">
  <a href="#main-content" class="visually-hidden focusable skip-link">{e(c["skip"])}</a>
  <div id="sliding-popup" class="eu-cookie-compliance-banner" role="dialog" aria-label="cookies">
    <div class="eu-cookie-compliance-message">
      <p>{e(c["cookie"])} <a href="/mofa/{lang}/privacy/">{e(c["privacy"])}</a>.</p>
    </div>
    <div class="eu-cookie-compliance-buttons">
      <button type="button" class="agree-button">{e(c["accept"])}</button>
      <button type="button" class="decline-button">{e(c["decline"])}</button>
    </div>
  </div>
  <div class="dialog-off-canvas-main-canvas">
  <header role="banner" class="site-header">
    <div class="top-bar">
      <ul class="language-switcher-language-url links">
        <li class="is-active" hreflang="{lang}"><span>{e(c["this_lang"])}</span></li>
        <li hreflang="{other_code}"><a href="{other_href}" hreflang="{other_code}" \
lang="{other_code}">{e(other_name)}</a></li>
      </ul>
      <form class="search-block-form" action="/mofa/{lang}/search/" method="get" role="search">
        <label for="edit-keys" class="visually-hidden">{e(c["search"])}</label>
        <input type="search" id="edit-keys" name="keys" size="15" maxlength="128">
        <input type="submit" value="{e(c["search"])}" class="button">
      </form>
    </div>
    <div class="branding">
      <a href="/mofa/" rel="home" class="site-logo"><img src="/mofa/assets/img/emblem.svg" \
alt="{e(c["country"])}" width="64" height="64"></a>
      <div class="site-name"><span>{e(c["country"])}</span>\
<strong>{e(c["ministry_name"])}</strong></div>
    </div>
    <nav role="navigation" aria-label="Main navigation" class="menu--main">
      <ul class="menu">
{nav_items}
      </ul>
    </nav>
  </header>
  <nav class="breadcrumb" role="navigation" aria-label="Breadcrumb">
    <ol>
{crumb_items}
    </ol>
  </nav>
  <main id="main-content" role="main" class="layout-main">
    <div class="layout-content">
{body}
    </div>
    <aside class="layout-sidebar-second" role="complementary">
      <section class="block block-views block-latest-news">
        <h2 class="block-title">{e(c["latest"])}</h2>
        <ul class="latest-news">
{latest}
        </ul>
      </section>
      <section class="block block-quick-links">
        <h2 class="block-title">{e(c["quick"])}</h2>
        <ul>
          <li><a href="/mofa/{lang}/consular-services/">{e(c["consular"])}</a></li>
          <li><a href="{press}">{e(c["press"])}</a></li>
        </ul>
      </section>
    </aside>
  </main>
  <footer role="contentinfo" class="site-footer">
    <div class="footer-address"><p>{e(c["address"])}</p></div>
    <ul class="social-links">
      <li><a href="https://www.facebook.com/" rel="noopener" class="facebook">Facebook</a></li>
      <li><a href="https://x.com/" rel="noopener" class="x-twitter">X</a></li>
      <li><a href="https://www.youtube.com/" rel="noopener" class="youtube">YouTube</a></li>
    </ul>
    <p class="copyright">{e(c["rights"])}</p>
    <p class="demo-disclaimer">{e(DISCLAIMER)}</p>
  </footer>
  </div>
  <script src="/mofa/assets/js/site.js"></script>
</body>
</html>
"""


def mofa_related(doc: Doc) -> list[Doc]:
    """Other releases on the same topic (the Syrian personnel), newest first, at most three."""
    if doc.lang == "ar":
        return [d for d in mofa_listing("ar") if d is not doc][:3]
    topical = [
        d for d in MOFA_EN if d is not doc and "Syrian" in d.title and d.published.year == 2024
    ]
    return sorted(topical, key=lambda d: d.published, reverse=True)[:3]


def mofa_detail(doc: Doc) -> str:
    c = MOFA_CHROME[doc.lang]
    path = mofa_path(doc)
    translation = doc.extra.get("translation")
    alternate = f"/mofa/{translation}/press-releases/{doc.slug}/" if translation else None
    location = "بغداد" if doc.lang == "ar" else "Baghdad"
    share_url = html.escape(f"{ORIGIN}{path}")
    paragraphs = "\n".join(f"          <p>{e(p)}</p>" for p in doc.paragraphs)
    figure = ""
    if "figure" in doc.extra:
        figure = f"""
        <figure class="field--name-field-image">
          <img src="{doc.extra["figure"]}" alt="" width="720" height="405" loading="lazy">
          <figcaption>{e(doc.extra["caption"])}</figcaption>
        </figure>"""
    related = "\n".join(
        f'          <li><a href="{mofa_path(d)}">{e(d.title)}</a> '
        f'<time datetime="{iso(d.published)}">{e(mofa_date(d))}</time></li>'
        for d in mofa_related(doc)
    )
    body = f"""      <article role="article" \
class="node node--type-press-release node--view-mode-full" about="{path}">
        <h1 class="page-title"><span class="field field--name-title">{e(doc.title)}</span></h1>
        <div class="node__meta date-line">
          <span class="location">{e(location)}</span> –
          <span class="field field--name-field-date"><time datetime="{iso(doc.published)}">\
{e(mofa_date(doc, weekday=True))}</time></span>
        </div>{figure}
        <div class="clearfix text-formatted field field--name-body">
{paragraphs}
        </div>
        <div class="share-links">
          <span class="share-label">{e(c["share"])}:</span>
          <a href="https://www.facebook.com/sharer/sharer.php?u={share_url}" rel="noopener" \
class="share-facebook">Facebook</a>
          <a href="https://x.com/intent/post?url={share_url}" rel="noopener" class="share-x">X</a>
          <a href="https://api.whatsapp.com/send?text={share_url}" rel="noopener" \
class="share-whatsapp">WhatsApp</a>
          <a href="javascript:window.print()" class="share-print">{e(c["print"])}</a>
        </div>
        <section class="related-links">
          <h2>{e(c["related"])}</h2>
          <ul>
{related}
          </ul>
        </section>
      </article>"""
    return mofa_page(
        lang=doc.lang,
        path=path,
        title=doc.title,
        body=body,
        body_class="path-node page-node-type-press-release",
        alternate=alternate,
        head_extra=(
            '<meta property="og:type" content="article">',
            f'<meta property="article:published_time" content="{iso(doc.published)}">',
            f'<meta name="description" content="{e(doc.summary)}">',
        ),
        breadcrumb=((c["press"], f"/mofa/{doc.lang}/press-releases/"), (doc.title, None)),
    )


def mofa_teaser(doc: Doc) -> str:
    c = MOFA_CHROME[doc.lang]
    path = mofa_path(doc)
    return f"""        <div class="views-row">
          <article class="news-teaser" about="{path}">
            <div class="news-teaser__date"><time datetime="{iso(doc.published)}">\
{e(mofa_date(doc))}</time></div>
            <h2 class="news-teaser__title"><a href="{path}" hreflang="{doc.lang}">\
{e(doc.title)}</a></h2>
            <div class="news-teaser__summary"><p>{e(doc.summary)}</p></div>
            <a class="news-teaser__more" href="{path}">{e(c["read_more"])}\
<span class="visually-hidden"> {e(doc.title)}</span></a>
          </article>
        </div>"""


def mofa_list_page(lang: str, docs: Sequence[Doc], page: int, paths: Sequence[str]) -> str:
    c = MOFA_CHROME[lang]
    path = paths[page - 1]
    rows = "\n".join(mofa_teaser(d) for d in docs)
    head: list[str] = []
    pager_items: list[str] = []
    if len(paths) > 1:
        if page > 1:
            prev = paths[page - 2]
            head.append(f'<link rel="prev" href="{ORIGIN}{prev}">')
            pager_items.append(
                f'          <li class="pager__item pager__item--previous"><a href="{prev}" '
                f'title="Go to previous page" rel="prev">{e(c["prev"])}</a></li>'
            )
        for n, p in enumerate(paths, start=1):
            if n == page:
                pager_items.append(
                    f'          <li class="pager__item is-active"><a href="{p}" '
                    f'title="Current page" aria-current="page">{n}</a></li>'
                )
            else:
                pager_items.append(
                    f'          <li class="pager__item"><a href="{p}" title="Go to page {n}">'
                    f"{n}</a></li>"
                )
        if page < len(paths):
            nxt = paths[page]
            head.append(f'<link rel="next" href="{ORIGIN}{nxt}">')
            pager_items.append(
                f'          <li class="pager__item pager__item--next"><a href="{nxt}" '
                f'title="Go to next page" rel="next">{e(c["next"])}</a></li>'
            )
    pager = "\n".join(pager_items)
    body = f"""      <h1 class="page-title">{e(c["press"])}</h1>
      <div class="view view-press-releases view-id-press_releases view-display-id-page_1">
        <div class="view-content">
{rows}
        </div>
        <nav class="pager" role="navigation" aria-labelledby="pagination-heading">
          <h4 id="pagination-heading" class="visually-hidden">{e(c["pager"])}</h4>
          <ul class="pager__items js-pager__items">
{pager}
          </ul>
        </nav>
      </div>"""
    return mofa_page(
        lang=lang,
        path=path,
        title=c["press"] + (f" – {page}" if page > 1 else ""),
        body=body,
        body_class="path-press-releases page-view-press-releases",
        alternate=f"/mofa/{'ar' if lang == 'en' else 'en'}/press-releases/",
        head_extra=head,
        breadcrumb=((c["press"], None),),
    )


def mofa_simple(lang: str, slug: str, title: str, paragraphs: Sequence[str]) -> str:
    body = f'      <h1 class="page-title">{e(title)}</h1>\n' + "\n".join(
        f"      <p>{e(p)}</p>" for p in paragraphs
    )
    return mofa_page(
        lang=lang,
        path=f"/mofa/{lang}/{slug}/",
        title=title,
        body=body,
        body_class="path-node page-node-type-page",
        alternate=None,
        breadcrumb=((title, None),),
    )


def mofa_home() -> str:
    latest = "\n".join(mofa_teaser(d) for d in mofa_listing("en")[:3])
    body = f"""      <h1 class="page-title">Ministry of Foreign Affairs</h1>
      <p class="lead">Official news, statements and consular information.</p>
      <section class="front-latest">
        <h2>Press Releases</h2>
{latest}
        <p><a href="/mofa/en/press-releases/" class="button">All press releases</a></p>
      </section>"""
    return mofa_page(
        lang="en",
        path="/mofa/",
        title="Home",
        body=body,
        body_class="path-frontpage",
        alternate="/mofa/ar/press-releases/",
    )


# --------------------------------------------------------------------------- HTML: others


def plain_page(path: str, title: str, body: str, *, section: str, lang: str = "en") -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(title)} | {e(section)}</title>
  <link rel="canonical" href="{ORIGIN}{path}">
  <link rel="stylesheet" href="/assets/base.css">
</head>
<body>
  <header class="site-header"><a href="/" class="brand">{e(section)}</a></header>
  <main id="content">
{body}
  </main>
  <footer class="site-footer"><p>{e(DISCLAIMER)}</p></footer>
</body>
</html>
"""


def unhcr_page(doc: Doc) -> str:
    paras = "\n".join(f"      <p>{e(p)}</p>" for p in doc.paragraphs)
    body = f"""    <article class="news-article">
      <p class="eyebrow">{e(doc.extra["kind"])}</p>
      <h1>{e(doc.title)}</h1>
      <p class="meta"><time datetime="{iso(doc.published)}">{e(en_date(doc.published))}</time> \
· UNHCR Iraq</p>
      <div class="article-body">
{paras}
      </div>
      <p class="topics">Topics: <a href="/unhcr/news/">{e(doc.extra["category"])}</a></p>
    </article>"""
    return plain_page(unhcr_path(doc), doc.title, body, section="UNHCR Iraq (demonstration)")


def unhcr_index() -> str:
    items = "\n".join(
        f'      <li><a href="{unhcr_path(d)}">{e(d.title)}</a> '
        f'<time datetime="{iso(d.published)}">{e(en_date(d.published))}</time></li>'
        for d in UNHCR_ITEMS
    )
    body = f"""    <h1>News and briefing notes</h1>
    <p><a href="{FEED_PATH}" type="application/rss+xml">RSS feed</a></p>
    <ul class="news-list">
{items}
    </ul>"""
    return plain_page("/unhcr/news/", "News", body, section="UNHCR Iraq (demonstration)")


def rw_page(doc: Doc) -> str:
    org = RW_SOURCES[doc.extra["org"]]
    paras = "\n".join(f"      <p>{e(p)}</p>" for p in doc.paragraphs)
    attachment = ""
    if "file" in doc.extra:
        attachment = (
            f'\n      <section class="attachments"><h2>Attachments</h2><ul><li>'
            f'<a href="{doc.extra["file"]}">{e(Path(doc.extra["file"]).name)} (PDF)</a>'
            f"</li></ul></section>"
        )
    body = f"""    <article class="rw-report">
      <h1>{e(doc.title)}</h1>
      <dl class="rw-meta">
        <dt>Format</dt><dd>{e(doc.extra["format"])}</dd>
        <dt>Source</dt><dd>{e(org["name"])}</dd>
        <dt>Posted</dt><dd><time datetime="{iso(doc.published)}">\
{e(en_date(doc.published))}</time></dd>
      </dl>
      <div class="rw-article__content">
{paras}
      </div>{attachment}
    </article>"""
    return plain_page(rw_page_path(doc), doc.title, body, section="ReliefWeb (demonstration)")


# --------------------------------------------------------------------------- RSS


def rss_item(doc: Doc) -> str:
    content = "".join(f"<p>{e(p)}</p>" for p in doc.paragraphs)
    return f"""    <item>
      <title>{e(doc.title)}</title>
      <link>{ORIGIN}{unhcr_path(doc)}</link>
      <guid isPermaLink="false">{doc.extra["guid"]}</guid>
      <pubDate>{format_datetime(doc.published.astimezone(UTC), usegmt=True)}</pubDate>
      <dc:creator>UNHCR Iraq</dc:creator>
      <category>{e(doc.extra["category"])}</category>
      <category>{e(doc.extra["kind"])}</category>
      <description>{e(doc.summary)}</description>
      <content:encoded><![CDATA[{content}]]></content:encoded>
    </item>"""


def rss_feed() -> str:
    items: list[str] = []
    for doc in UNHCR_ITEMS:
        items.append(rss_item(doc))
        if doc.extra["guid"] == UNHCR_DUPLICATE_GUID:
            items.append(rss_item(doc))  # published twice by the CMS: dedup by guid
    newest = max(d.published for d in UNHCR_ITEMS)
    body = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" \
xmlns:content="http://purl.org/rss/1.0/modules/content/" \
xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>UNHCR Iraq - News and briefing notes</title>
    <link>{ORIGIN}/unhcr/news/</link>
    <atom:link href="{ORIGIN}{FEED_PATH}" rel="self" type="application/rss+xml"/>
    <description>News and briefing notes from the UN Refugee Agency in Iraq. {e(DISCLAIMER)}\
</description>
    <language>en</language>
    <lastBuildDate>{format_datetime(newest, usegmt=True)}</lastBuildDate>
    <generator>resdesk _build_site.py</generator>
    <ttl>30</ttl>
{body}
  </channel>
</rss>
"""


# --------------------------------------------------------------------------- ReliefWeb JSON

RW_SOURCES: dict[str, dict[str, str]] = {
    "IOM": {"id": "1255", "name": "International Organization for Migration", "shortname": "IOM"},
    "OCHA": {
        "id": "1503",
        "name": "UN Office for the Coordination of Humanitarian Affairs",
        "shortname": "OCHA",
    },
    "UNHCR": {"id": "2868", "name": "UN High Commissioner for Refugees", "shortname": "UNHCR"},
    "WFP": {"id": "1741", "name": "World Food Programme", "shortname": "WFP"},
}
RW_COUNTRIES = {
    "irq": (119, "Iraq", "Iraq"),
    "syr": (226, "Syrian Arab Republic", "Syria"),
    "tur": (239, "Türkiye", "Türkiye"),
}
RW_FORMATS = {"Situation Report": 10, "News and Press Release": 8, "Assessment": 5}
RW_API = f"{ORIGIN}{RW_API_PATH}"


def rw_item(doc: Doc) -> dict[str, object]:
    rid = doc.extra["id"]
    org = RW_SOURCES[doc.extra["org"]]
    countries = []
    for n, code in enumerate(doc.extra["country"].split(",")):
        cid, name, short = RW_COUNTRIES[code]
        country: dict[str, object] = {
            "href": f"{ORIGIN}/reliefweb/v1/countries/{cid}",
            "id": cid,
            "name": name,
            "shortname": short,
            "iso3": code,
        }
        if n == 0:
            country["primary"] = True
        countries.append(country)
    created = doc.published.astimezone(UTC)
    original = created.replace(hour=0, minute=0, second=0)
    url = f"{ORIGIN}{rw_page_path(doc)}"
    fields: dict[str, object] = {
        "id": int(rid),
        "title": doc.title,
        "status": "published",
        "body": "\n\n".join(doc.paragraphs),
        "body-html": "\n".join(f"<p>{e(p)}</p>" for p in doc.paragraphs),
        "date": {
            "original": original.isoformat(),
            "created": created.isoformat(),
            "changed": (created + timedelta(minutes=7)).isoformat(),
        },
        "url": url,
        "url_alias": url,
        "source": [
            {
                "href": f"{ORIGIN}/reliefweb/v1/sources/{org['id']}",
                "id": int(org["id"]),
                "name": org["name"],
                "shortname": org["shortname"],
                "type": {"id": 272, "name": "International Organization"},
            }
        ],
        "country": countries,
        "primary_country": countries[0],
        "language": [{"id": 267, "name": "English", "code": "en"}],
        "format": [{"id": RW_FORMATS[doc.extra["format"]], "name": doc.extra["format"]}],
    }
    if "file" in doc.extra:
        fields["file"] = [
            {
                "id": f"{rid}1",
                "description": "",
                "url": f"{ORIGIN}{doc.extra['file']}",
                "filename": Path(doc.extra["file"]).name,
                "mimetype": "application/pdf",
                "filesize": str(len(_build_pdf.build_pdf())),
            }
        ]
    return {"id": rid, "score": 1, "fields": fields, "href": f"{RW_API}/{rid}"}


def rw_response(items: Sequence[dict[str, object]], href: str) -> str:
    doc = {
        "time": 14,
        "href": href,
        "links": {"self": {"href": href}},
        "took": 3,
        "totalCount": len(items),
        "count": len(items),
        "data": list(items),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- MANIFEST


def all_docs() -> list[Doc]:
    return [*MOFA_EN, *MOFA_AR, *UNHCR_ITEMS, *RELIEFWEB, PDF_DOC]


def in_window(doc: Doc, q: Question) -> bool:
    return q.opens_at <= doc.published <= q.closes_at


def quotes_for(doc: Doc, q: Question) -> str | None:
    if doc is PDF_DOC and q is Q1:
        return doc.extra["q1_quote"]
    v = doc.verdict(q)
    return doc.quote if v.role in {SETTLES, CORROBORATES} else None


def answer_key() -> dict[str, object]:
    questions = []
    for q in QUESTIONS:
        cites = []
        for doc in all_docs():
            v = doc.verdict(q)
            if v.role in {SETTLES, CORROBORATES}:
                cites.append(
                    {
                        "role": v.role,
                        "path": doc_path(doc),
                        "source": doc.source,
                        "published_at": iso_utc(doc.published),
                        "quote": quotes_for(doc, q),
                    }
                )
        questions.append(
            {
                "key": q.key,
                "title": q.title,
                "outcomes": list(q.outcomes),
                "resolution_source": q.resolution_source,
                "opens_at": iso_utc(q.opens_at),
                "closes_at": iso_utc(q.closes_at),
                "resolution": q.resolution,
                "citations": cites,
            }
        )
    documents = []
    for doc in all_docs():
        documents.append(
            {
                "path": doc_path(doc),
                "source": doc.source,
                "language": doc.lang,
                "published_at": iso_utc(doc.published),
                "title": doc.title,
                "summary": doc.summary,
                "feed": FEED_PATH if doc.source == "UNHCR" else None,
                "guid": doc.extra.get("guid"),
                "api": RW_API_PATH if doc.source == "ReliefWeb" else None,
                "api_id": doc.extra.get("id") if doc.source == "ReliefWeb" else None,
                "in_window": {q.key: in_window(doc, q) for q in QUESTIONS},
                "verdicts": {
                    v.question.key: {"role": v.role, "outcome": v.outcome, "why": v.why}
                    for v in doc.verdicts
                },
            }
        )
    return {
        "origin": ORIGIN,
        "note": "Generated by _build_site.py; the human version is MANIFEST.md.",
        "questions": questions,
        "documents": documents,
    }


def md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def verdict_cell(doc: Doc) -> str:
    parts = []
    for v in doc.verdicts:
        if v.role == UNRELATED:
            continue
        label = f"**{v.role}**" if v.role in {SETTLES, CORROBORATES} else v.role
        outcome = f" {v.outcome}" if v.outcome and v.role != TRAP else ""
        mimic = f" (looks like {v.outcome})" if v.outcome and v.role == TRAP else ""
        parts.append(f"{v.question.key}: {label}{outcome}{mimic} - {v.why}")
    return md_cell("; ".join(parts) or "unrelated")


def doc_table(docs: Iterable[Doc], extra_col: str | None = None) -> list[str]:
    head = "| path | published (UTC) | title | what it says | questions |"
    if extra_col:
        head = f"| path | {extra_col} | published (UTC) | title | what it says | questions |"
    rows = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for d in docs:
        cells = [f"`{doc_path(d)}`"]
        if extra_col == "guid":
            cells.append(f"`{d.extra['guid']}`")
        elif extra_col == "api id":
            cells.append(f"`{d.extra['id']}`")
        cells += [iso_utc(d.published), md_cell(d.title), md_cell(d.summary), verdict_cell(d)]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def manifest() -> str:
    lines = [
        "# Local source site - MANIFEST and answer key",
        "",
        "Generated by `_build_site.py` from the same content table as the pages; do not edit "
        "by hand (run `python resdesk/data/site/_build_site.py`). The machine-readable twin "
        "is `_answer_key.json` (not served). All text on the site is fictional, written for "
        "Resolution Desk; it imitates the *structure* of real sources only.",
        "",
        "Served by `resdesk.localsite` (`python -m resdesk.localsite --port 8765`). Absolute "
        f"URLs inside the files use `{ORIGIN}`; the server rewrites that origin to the one "
        "it actually listens on, so links and feed URLs always point back at it.",
        "",
        "## Answer key",
        "",
    ]
    for q in QUESTIONS:
        lines += [
            f"### {q.key}: {q.title}",
            "",
            f"- Outcomes: {', '.join(q.outcomes)}",
            f"- Window: {iso_utc(q.opens_at)} .. {iso_utc(q.closes_at)}; named source: "
            f"{q.resolution_source}",
            f"- **Resolution on this site: {q.resolution}**",
            "",
        ]
        for doc in all_docs():
            v = doc.verdict(q)
            if v.role in {SETTLES, CORROBORATES}:
                lines.append(
                    f"- {v.role}: `{doc_path(doc)}` ({doc.source}, {iso_utc(doc.published)}): "
                    f'"{quotes_for(doc, q)}"'
                )
        lines.append("")
    lines += [
        "Q2 is deliberately SETTLED (by the PDF's interview findings), not left open. Every "
        "other document is a trap or unrelated; the traps are: hedged or future wording "
        '("is studying", "is expected to", "reported to be considering"), a denial that '
        'repeats the rumour ("granted asylum in Iraq"), other populations returning '
        "(Lebanon, Türkiye, Iraqi families from Al-Hol), keyword look-alikes (Al-Qaim trade "
        "talks), documents dated before the window opens (2024-12-02) or after it closes "
        "(2025-07-02, 2025-07-10, 2025-08-14), informal accounts that say they cannot tell "
        "which reason was most common, and a duplicate feed item.",
        "",
        "## Iraqi Ministry of Foreign Affairs (HTML, Drupal-like CMS)",
        "",
        f"Listing pages (5 releases each, newest first): `{MOFA_LIST_PAGES[0]}` and "
        f"`{MOFA_LIST_PAGES[1]}`; Arabic listing: `/mofa/ar/press-releases/`; home: "
        '`/mofa/`. Detail pages carry `<h1 class="page-title">`, '
        "`<time datetime=...>` in `.date-line`, the body in `.field--name-body`, share links "
        "and related links. Times are Baghdad (+03:00).",
        "",
        *doc_table(MOFA_EN),
        "",
        'Arabic (`lang="ar" dir="rtl"`, Arabic-Indic digits and Iraqi month names in the '
        "date line, ISO date in `<time datetime>`):",
        "",
        *doc_table(MOFA_AR),
        "",
        f"## UNHCR-style RSS 2.0 feed: `{FEED_PATH}`",
        "",
        f"Eight `<item>`s with `guid`, `pubDate`, `description` and `content:encoded`; item "
        f"`{UNHCR_DUPLICATE_GUID}` appears twice (same guid, same content). Each item links to "
        "an HTML page:",
        "",
        *doc_table(UNHCR_ITEMS, "guid"),
        "",
        f"## ReliefWeb-style reports API: `{RW_API_PATH}`",
        "",
        f"`GET {RW_API_PATH}?appname=...&limit=...` (any query) returns the static body in "
        "`reliefweb/v1/reports.json`, shaped like ReliefWeb's API v1 list response: `time`, "
        "`href`, `links`, `took`, `totalCount`, `count`, `data[]` of `{id, score, fields, "
        "href}`; `fields` has `title`, `body` (plain paragraphs), `body-html`, `date{original, "
        "created, changed}`, `url`, `source[{name, shortname}]`, `country[{name, iso3}]`, "
        "`language[{code}]`, `format`, and `file[]` for attachments. Each item's `href` "
        f"(`{RW_API_PATH}/<id>`) serves the one-item response and its `url` an HTML page:",
        "",
        *doc_table(RELIEFWEB, "api id"),
        "",
        f"## IOM-style PDF: `{_build_pdf.PDF_URL_PATH}`",
        "",
        "Three pages, Helvetica text layer, metadata Title "
        f'"{_build_pdf.TITLE}" and CreationDate `{_build_pdf.CREATION_DATE}`; built by '
        "`_build_pdf.py`. Listed at `/iom/sitreps/` and attached to ReliefWeb item 9100105.",
        "",
        *doc_table([PDF_DOC]),
        "",
        "## Other paths",
        "",
        "| path | what |",
        "|---|---|",
        "| `/` | index linking the sections |",
        "| `/robots.txt` | allows everything except `/admin/` |",
        "| `/sitemap.xml` | the HTML pages, the feed, the API and the PDF |",
        "| `/admin/` | a sign-in page that robots.txt disallows (for robots tests) |",
        "| `/mofa/` | ministry home page |",
        "| `/mofa/en/about/` | ministry about page (no release) |",
        "| `/mofa/en/privacy/` | privacy page (cookie banner link) |",
        "| `/mofa/en/consular-services/` | consular page (no release) |",
        "| `/mofa/en/contact/` | contact page |",
        "| `/mofa/ar/about/`, `/mofa/ar/privacy/`, `/mofa/ar/consular-services/`, "
        "`/mofa/ar/contact/` | the same pages in Arabic |",
        "| `/unhcr/news/` | HTML index of the feed's items |",
        "| `/iom/sitreps/` | HTML list with the PDF |",
        "| `/mofa/assets/css/site.css` | stylesheet (text/css) |",
        "| `/mofa/assets/js/site.js` | cookie-banner script (text/javascript) |",
        "| `/mofa/assets/img/emblem.svg` | logo (image/svg+xml) |",
        "| `/assets/base.css` | stylesheet of the non-ministry sections |",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- misc files

ROBOTS = f"""# robots.txt for the Resolution Desk local source site
User-agent: *
Disallow: /admin/
Allow: /

Sitemap: {ORIGIN}/sitemap.xml
"""


def sitemap(paths: Iterable[str]) -> str:
    urls = "\n".join(f"  <url><loc>{ORIGIN}{p}</loc></url>" for p in paths)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}
</urlset>
"""


def root_index() -> str:
    body = f"""    <h1>Resolution Desk - local source site</h1>
    <p>Fictional copies of the kinds of official sources Resolution Desk resolves questions
    from. Served by <code>python -m resdesk.localsite</code>.</p>
    <ul class="sections">
      <li><a href="/mofa/">Ministry of Foreign Affairs (Iraq-style)</a>:
        <a href="/mofa/en/press-releases/">press releases</a>,
        <a href="/mofa/ar/press-releases/" lang="ar">البيانات الصحفية</a></li>
      <li><a href="/unhcr/news/">UNHCR-style news</a>:
        <a href="{FEED_PATH}" type="application/rss+xml">RSS feed</a></li>
      <li><a href="{RW_API_PATH}{html.escape(RW_QUERY)}" type="application/json">ReliefWeb-style \
reports API</a></li>
      <li><a href="/iom/sitreps/">IOM-style situation reports (PDF)</a></li>
    </ul>"""
    return plain_page("/", "Index", body, section="Resolution Desk local site")


def iom_index() -> str:
    body = f"""    <h1>IOM Iraq - situation reports</h1>
    <ul class="documents">
      <li><a href="{_build_pdf.PDF_URL_PATH}" type="application/pdf">{e(_build_pdf.TITLE)}</a>
        <span class="size">PDF</span>
        <time datetime="{_build_pdf.PUBLISHED_AT}">20 January 2025</time></li>
    </ul>"""
    return plain_page(
        "/iom/sitreps/", "Situation reports", body, section="IOM Iraq (demonstration)"
    )


def admin_page() -> str:
    body = """    <h1>Content management - sign in</h1>
    <form method="post" action="/admin/login">
      <label>User name <input name="name"></label>
      <label>Password <input name="pass" type="password"></label>
      <button type="submit">Sign in</button>
    </form>"""
    return plain_page("/admin/", "Sign in", body, section="Site administration")


CSS_MOFA = """/* Ministry of Foreign Affairs theme (demonstration) */
body { margin: 0; font-family: "Noto Sans", "Noto Naskh Arabic", Arial, sans-serif; color: #222; }
.lang-ar { direction: rtl; }
.visually-hidden { position: absolute !important; clip: rect(1px, 1px, 1px, 1px); }
.eu-cookie-compliance-banner { background: #1b3a5c; color: #fff; padding: .75rem 1rem; }
.site-header { background: #0b2a4a; color: #fff; padding: 1rem; }
.site-header a { color: #fff; }
.menu { display: flex; gap: 1.5rem; list-style: none; padding: 0; }
.layout-main { display: grid; grid-template-columns: 3fr 1fr; gap: 2rem; padding: 1rem 2rem; }
.news-teaser { border-bottom: 1px solid #ddd; padding: 1rem 0; }
.news-teaser__date, .date-line { color: #666; font-size: .9rem; }
.pager__items { display: flex; gap: .5rem; list-style: none; padding: 0; }
.site-footer { background: #0b2a4a; color: #cfd8e3; padding: 1rem 2rem; font-size: .85rem; }
"""
CSS_BASE = """/* Shared style of the non-ministry sections (demonstration) */
body { margin: 0 auto; max-width: 48rem; font-family: system-ui, sans-serif; line-height: 1.5; }
.site-header, .site-footer { padding: 1rem 0; color: #555; }
.eyebrow, .meta { color: #666; font-size: .9rem; }
"""
JS_MOFA = """// Cookie banner (demonstration): hide it once a choice is made.
document.addEventListener("DOMContentLoaded", function () {
  var banner = document.getElementById("sliding-popup");
  if (!banner) { return; }
  banner.querySelectorAll("button").forEach(function (button) {
    button.addEventListener("click", function () { banner.hidden = true; });
  });
});
"""
EMBLEM_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <title>Ministry emblem (placeholder)</title>
  <circle cx="32" cy="32" r="30" fill="#0b2a4a"/>
  <path d="M32 10 L40 30 L32 26 L24 30 Z" fill="#d4af37"/>
  <rect x="18" y="36" width="28" height="14" rx="2" fill="#d4af37"/>
</svg>
"""
FIGURE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="720" height="405" \
viewBox="0 0 720 405">
  <title>Placeholder photograph: border crossing</title>
  <rect width="720" height="405" fill="#c9b48a"/>
  <rect x="0" y="250" width="720" height="155" fill="#8c7a55"/>
  <rect x="280" y="120" width="160" height="130" fill="#e8e2d0"/>
</svg>
"""


# --------------------------------------------------------------------------- build


def build() -> dict[str, bytes]:
    """Every generated file, by path relative to the site folder."""
    files: dict[str, str] = {}

    def put(url_path: str, text: str) -> None:
        rel = url_path.lstrip("/")
        if url_path.endswith("/"):
            rel += "index.html"
        files[rel] = text

    put("/", root_index())
    put("/robots.txt", ROBOTS)
    put("/admin/", admin_page())
    put("/mofa/", mofa_home())
    put("/mofa/assets/css/site.css", CSS_MOFA)
    put("/mofa/assets/js/site.js", JS_MOFA)
    put("/mofa/assets/img/emblem.svg", EMBLEM_SVG)
    put("/mofa/assets/img/al-qaim-handover.svg", FIGURE_SVG)
    put("/assets/base.css", CSS_BASE)

    english = mofa_listing("en")
    pages = [english[i : i + MOFA_PAGE_SIZE] for i in range(0, len(english), MOFA_PAGE_SIZE)]
    if len(pages) != len(MOFA_LIST_PAGES):
        raise ValueError(f"{len(english)} releases do not fill {len(MOFA_LIST_PAGES)} pages")
    for n, docs in enumerate(pages, start=1):
        put(MOFA_LIST_PAGES[n - 1], mofa_list_page("en", docs, n, MOFA_LIST_PAGES))
    put(
        "/mofa/ar/press-releases/",
        mofa_list_page("ar", mofa_listing("ar"), 1, ["/mofa/ar/press-releases/"]),
    )
    for doc in [*MOFA_EN, *MOFA_AR]:
        put(mofa_path(doc), mofa_detail(doc))
    simple = {
        "about": (
            "The Ministry",
            [
                "The Ministry of Foreign Affairs conducts the foreign "
                "relations of the Republic of Iraq."
            ],
        ),
        "privacy": (
            "Privacy Policy",
            ["This site stores a cookie to remember your cookie choice and nothing else."],
        ),
        "consular-services": (
            "Consular Services",
            ["Passports, civil documents and legalisation for Iraqis abroad."],
        ),
        "contact": ("Contact Us", ["Write to the Ministry at its Baghdad address."]),
    }
    for slug, (title, paras) in simple.items():
        put(f"/mofa/en/{slug}/", mofa_simple("en", slug, title, paras))
    simple_ar = {
        "about": ("عن الوزارة", ["تتولى وزارة الخارجية إدارة العلاقات الخارجية لجمهورية العراق."]),
        "privacy": ("سياسة الخصوصية", ["يحفظ هذا الموقع ملف تعريف ارتباط واحداً لتذكّر اختيارك."]),
        "consular-services": ("الخدمات القنصلية", ["جوازات السفر والوثائق المدنية والتصديقات."]),
        "contact": ("اتصل بنا", ["راسلوا الوزارة على عنوانها في بغداد."]),
    }
    for slug, (title, paras) in simple_ar.items():
        put(f"/mofa/ar/{slug}/", mofa_simple("ar", slug, title, paras))

    put(FEED_PATH, rss_feed())
    put("/unhcr/news/", unhcr_index())
    for doc in UNHCR_ITEMS:
        put(unhcr_path(doc), unhcr_page(doc))

    items = [rw_item(d) for d in sorted(RELIEFWEB, key=lambda d: d.published, reverse=True)]
    put(RW_API_PATH + ".json", rw_response(items, f"{RW_API}{RW_QUERY}"))
    for item in items:
        rid = str(item["id"])
        put(
            f"{RW_API_PATH}/{rid}.json", rw_response([item], f"{RW_API}/{rid}?appname=resdesk-demo")
        )
    for doc in RELIEFWEB:
        put(rw_page_path(doc), rw_page(doc))

    put("/iom/sitreps/", iom_index())

    html_paths = sorted(
        "/" + rel.removesuffix("index.html")
        for rel in files
        if rel.endswith(".html") and not rel.startswith("admin/")
    )
    put("/sitemap.xml", sitemap([*html_paths, FEED_PATH, RW_API_PATH, _build_pdf.PDF_URL_PATH]))
    put("/MANIFEST.md", manifest())
    put("/_answer_key.json", json.dumps(answer_key(), ensure_ascii=False, indent=2) + "\n")

    out = {rel: text.encode("utf-8") for rel, text in files.items()}
    out[_build_pdf.PDF_URL_PATH.lstrip("/")] = _build_pdf.build_pdf()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Resolution Desk local source site.")
    parser.add_argument("--check", action="store_true", help="exit 1 if any file is stale")
    parser.add_argument("--root", type=Path, default=HERE, help="where to write (default: here)")
    args = parser.parse_args(argv)
    stale = []
    for rel, data in sorted(build().items()):
        target = args.root / rel
        if target.exists() and target.read_bytes() == data:
            continue
        stale.append(rel)
        if not args.check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    if args.check:
        for rel in stale:
            print(f"stale: {rel}", file=sys.stderr)
        return 1 if stale else 0
    print(f"wrote {len(stale)} changed file(s) under {args.root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
