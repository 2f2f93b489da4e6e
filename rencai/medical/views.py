def talent_panel(actor, talent):
    return None
