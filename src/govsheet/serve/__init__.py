"""``govsheet serve``: the local web page over a round folder (needs the ``govsheet[serve]`` extra)."""
