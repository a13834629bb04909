"""Regenerate ``gazetteer.json`` (countries: names, alternative spellings, capitals,
demonyms, a few translations) from the ``countryinfo`` package's data.

Run once when the data should change: ``pip install countryinfo`` then
``python matchers/data/build_gazetteer.py``. The matcher itself only reads the JSON,
so ``countryinfo`` is not a run-time dependency. ``SUPPLEMENT`` adds what that data
lacks and official statements use: current short names (Türkiye, Czechia), Arabic
names, capitals used as metonyms ("Doha" for Qatar), common acronyms.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("gazetteer.json")

#: country name → extra names (any language). Kept general: how official statements
#: and news name states, not any one question's wording.
SUPPLEMENT: dict[str, list[str]] = {
    "Turkey": ["Türkiye", "Turkiye", "Türkiye Cumhuriyeti", "Ankara", "Turkish", "تركيا"],
    "United States": [
        "United States of America",
        "US",
        "U.S.",
        "USA",
        "America",
        "American",
        "Washington",
        "Estados Unidos",
        "États-Unis",
        "Etats-Unis",
        "Stati Uniti",
        "الولايات المتحدة",
    ],
    "United Kingdom": [
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "British",
        "London",
        "Royaume-Uni",
    ],
    "United Arab Emirates": ["UAE", "U.A.E.", "Emirates", "Emirati", "Abu Dhabi", "الإمارات"],
    "Russia": ["Russian Federation", "Moscow", "Russie", "Rusia", "روسيا"],
    "Iraq": ["العراق", "Irak", "Baghdad", "بغداد"],
    "Syria": ["Syrian Arab Republic", "سوريا", "سورية", "Damascus", "Syrie", "Siria"],
    "Lebanon": ["لبنان", "Liban", "Líbano", "Beirut"],
    "Egypt": ["مصر", "Égypte", "Egipto", "Cairo"],
    "Jordan": ["الأردن", "Jordanie", "Amman"],
    "Saudi Arabia": ["Saudi", "السعودية", "Riyadh", "Arabie saoudite"],
    "Qatar": ["قطر", "Doha", "Qatari"],
    "Kuwait": ["الكويت"],
    "Libya": ["ليبيا", "Libye", "Tripoli", "Libyan"],
    "Algeria": ["الجزائر", "Algérie", "Argelia", "Algiers"],
    "Morocco": ["المغرب", "Maroc", "Marruecos", "Rabat"],
    "Tunisia": ["تونس", "Tunisie", "Túnez"],
    "Sudan": ["السودان", "Soudan", "Khartoum", "Port Sudan"],
    "South Sudan": ["Juba", "South Sudanese", "Soudan du Sud"],
    "Yemen": ["اليمن", "Yémen", "Sanaa"],
    "Iran": ["إيران", "Islamic Republic of Iran", "Tehran", "Iranian"],
    "Palestine": ["فلسطين", "State of Palestine"],
    "Bahrain": ["البحرين"],
    "Oman": ["عمان", "Muscat"],
    "Israel": ["إسرائيل", "Israeli"],
    "Czechia": ["Czech Republic", "Czech"],
    "Cape Verde": ["Cabo Verde", "Cape Verdean", "Praia"],
    "Ivory Coast": ["Côte d'Ivoire", "Cote d'Ivoire", "Ivorian"],
    "Democratic Republic of the Congo": [
        "DRC",
        "DR Congo",
        "RDC",
        "République Démocratique du Congo",
        "Kinshasa",
        "Congolese",
    ],
    "Myanmar": ["Burma", "Burmese", "Naypyidaw"],
    "East Timor": ["Timor-Leste", "Timor Leste"],
    "Eswatini": ["Swaziland"],
    "North Macedonia": ["Macedonia"],
    "Afghanistan": ["Islamic Emirate of Afghanistan", "Kabul", "Afghan", "أفغانستان"],
    "Pakistan": ["Islamabad", "باكستان"],
    "India": ["New Delhi", "Indian"],
    "Kyrgyzstan": ["Kyrgyz Republic", "Kyrgyz", "Bishkek", "Kirghizistan"],
    "Tajikistan": ["Tajik", "Dushanbe"],
    "Kazakhstan": ["Astana", "Almaty", "Kazakh"],
    "Moldova": ["Republic of Moldova", "Moldovan", "Chișinău", "Chisinau", "Republicii Moldova"],
    "Greece": ["Hellenic Republic", "Hellenic", "Grèce", "Grecia", "Athens"],
    "Georgia": ["Tbilisi", "Georgian", "Géorgie"],
    "Rwanda": ["Kigali", "Rwandan"],
    "Ethiopia": ["Addis Ababa", "Ethiopian"],
    "Kenya": ["Nairobi", "Kenyan"],
    "Angola": ["Luanda", "Angolan"],
    "Vatican City": ["Holy See"],
}


#: Native or alternative spellings that are ordinary English words.
_COMMON_WORDS = frozenset({"island", "ísland", "man", "jersey", "guernsey", "chad", "jordan"})


def _clean(values: list[Any]) -> list[str]:
    out: list[str] = []
    for v in values:
        if not isinstance(v, str) or (v.strip().lower() in _COMMON_WORDS and len(out) > 0):
            continue
        if v.strip() and len(v.strip()) > 3 and v.strip() not in out:
            out.append(v.strip())
    return out


def build() -> list[dict[str, Any]]:
    import countryinfo  # only needed to regenerate

    folder = Path(countryinfo.__file__).with_name("data")
    seen: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        name = d.get("name")
        if not isinstance(name, str) or not name or name in seen:
            continue
        if "territory" in name.lower() or "outlying" in name.lower():
            continue
        translations = d.get("translations") or {}
        langs = [translations.get(k) for k in ("es", "fr", "it")]
        names = _clean([name, *(d.get("altSpellings") or []), *langs])
        small = (d.get("population") or 0) < 200_000
        seen[name] = {
            "name": name,
            "names": names,
            "capital": "" if small else d.get("capital") or "",
            "demonym": "" if small else d.get("demonym") or "",
        }
    for name, extra in SUPPLEMENT.items():
        entry = seen.setdefault(name, {"name": name, "names": [name], "capital": "", "demonym": ""})
        for e in extra:
            if e not in entry["names"]:
                entry["names"].append(e)
    return sorted(seen.values(), key=lambda e: e["name"])


if __name__ == "__main__":
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data)} countries")
