"""The human side: the review queue, decisions, disputes, users and the web doors.

One service layer that the CLI, the REST API and the web UI all call, so the same
action leaves the same state and the same audit event whichever door it came through:

=====================  ==============================================================
``service``            decisions on proposals (single or blind double review), opening
                       disputes, the challenge window
``disputes``           assigning and adjudicating disputes (blind, independent)
``clarifications``     the append-only ledger of what an outcome means
``users`` / ``auth``   roles, passwords, API tokens, web sessions, CSRF, rate limits
``states``             the question's transition table
``queries``            read models: the keyset-paged queue, evidence for a proposal
``export``             a question's history as JSON or a self-contained HTML report
``api`` / ``web``      the REST API and the server-rendered UI (``create_app``)
``settings``           review settings (``RESDESK_`` environment variables)
=====================  ==============================================================

``review`` imports only ``db`` (never scrapers, matchers or flows).
"""
