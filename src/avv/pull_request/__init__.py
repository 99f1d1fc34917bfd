"""The check of a pull request against its base (`check`): the rules of a new version (its id, the
objection period, third countries, notifiable changes) and the reviewers' summary with the
redline and the draft notice.

Imports every domain package and `avv.documents` for the summary's renderings; not the site.
"""
