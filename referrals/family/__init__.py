"""A family in one submission (issue 17, item 1): brothers, sisters and unborn babies referred together."""
