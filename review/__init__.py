"""The human side: the review queue, decisions, disputes and users.

``review.service`` is the one service layer that the CLI, the REST API and the web UI
all call, so the same action leaves the same state and the same audit event whichever
door it came through.
"""
