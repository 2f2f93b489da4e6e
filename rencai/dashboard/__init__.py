"""The dashboard (统计看板), retention cohorts and open statistics: read through the figures
registry (and the talents' cohort markers), never from another app's tables."""
