"""Recognise a 200 response that is not the document: an error, login or block page.

Servers answer "200 OK" with "Page not found", a sign-in form or a bot check. Storing those
as findings would put boilerplate into the evidence, so they are refused with the reason.
Each rule pairs a signal (a password field, an error phrase in the title or heading) with
little main text, because real articles can mention "access denied" or carry a login box.
"""

from __future__ import annotations

import re

from scrapers.parse.pagemeta import PageFacts

NOT_ARTICLE_TEXT_LIMIT = 1500  # a page with a signal and less text than this is not an article
LOGIN_FORM_TEXT_LIMIT = 300  # a password field beside less text than this: a login wall

# Phrases real headlines do not use; searched anywhere in the title or first heading.
_ERROR_PHRASES = re.compile(
    r"page (?:was )?not found|page (?:cannot|could not|can't) be found|"
    r"page (?:does not|doesn't) exist|access denied|permission denied|login required|"
    r"session (?:has )?expired|are you a robot|just a moment\.\.\.|attention required|"
    r"request blocked|error 404|404 error|404 not found|403 forbidden|"
    r"seite (?:wurde )?nicht gefunden|zugriff verweigert|page introuvable|accès refusé|"
    r"página no encontrada|acceso denegado|الصفحة (?:المطلوبة )?غير موجودة|رفض الوصول",
    re.IGNORECASE,
)
# Words that are an error page's whole title (or one " | "-separated part of it), but
# would be normal inside a headline ("Ministry corrects error in report").
_ERROR_TITLES = re.compile(
    r"(?:error\s*)?[45]\d\d|not found|error|forbidden|unauthori[sz]ed|sign in|log ?in|"
    r"anmelden|anmeldung|fehler|erreur|connexion|se connecter|خطأ|تسجيل الدخول",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:·-]\s+|\s*[|–—·]\s*")


# What a login page's own text says; an article with a login box in its header does not.
_LOGIN_WORDS = re.compile(
    r"password|passwort|mot de passe|contraseña|كلمة (?:المرور|السر)|username|user name|"
    r"benutzername|sign in|log ?in|anmelden|se connecter|تسجيل الدخول",
    re.IGNORECASE,
)


def not_article_reason(facts: PageFacts, text: str, min_chars: int) -> str | None:
    """Why this page is not a document, or None when it looks like one."""
    length = len(text)
    signal = _signal(facts, text)
    if length < min_chars:
        detail = f"; {signal}" if signal else ""
        return f"almost no text ({length} chars < min_chars={min_chars}){detail}"
    if signal and length < NOT_ARTICLE_TEXT_LIMIT:
        return f"{signal} and only {length} chars of text"
    return None


def _signal(facts: PageFacts, text: str) -> str | None:
    if facts.has_password_field and (
        len(text) < LOGIN_FORM_TEXT_LIMIT or _LOGIN_WORDS.search(text)
    ):
        return "a login page (password field)"
    for where, value in (("title", facts.title), ("heading", facts.h1)):
        phrase = _error_phrase(value or "")
        if phrase:
            return f"an error page ({where} says {phrase!r})"
    return None


def _error_phrase(title: str) -> str | None:
    match = _ERROR_PHRASES.search(title)
    if match:
        return match.group(0)
    for part in _TITLE_SEPARATORS.split(title):
        if _ERROR_TITLES.fullmatch(part.strip(" .!")):
            return part.strip()
    return None
