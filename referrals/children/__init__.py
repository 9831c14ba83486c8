"""The same child across assessments (issue 17, items 2 to 5): identifiers, matching, links, search, chronology.

`identifiers` and `matching` are pure (no ORM); `services` writes the links, `selectors` reads them, `views` are the
lead's pages. docs/decisions/0012-child-matching.md says what counts as the same child.
"""
