"""Synthetic Kazakhstan: people, firms, banks, ordinary life and planted, labelled schemes.

What other rooms may use (imported from their modules, so that importing ``kuzet.synth``
stays cheap and the planters can import ``api`` without pulling in the builder):

- ``kuzet.synth.world``: ``generate(SynthConfig, out)`` → ``SynthSummary`` (``kuzet synth``);
- ``kuzet.synth.names``: ``Name``, ``variants`` (every rendering of a generated name, the
  labelled material for name matching), ``to_latin``, ``kk_to_ru``;
- ``kuzet.synth.api``: the ``SchemeContext`` contract of the scheme planters;
- ``kuzet.synth.reference``: the reference facts the world is drawn from.
"""
