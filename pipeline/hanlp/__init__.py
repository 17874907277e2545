"""HanLP as an optional NER (extra ``hanlp``): import, patches, training data, training.

Nothing here is imported by the product pipeline unless a config names the
``hanlp_ner`` component. ``compat.import_hanlp`` is the one way in: it sets
``HANLP_HOME`` before HanLP is imported, forbids downloads, and applies the
patches for the traps of HanLP 2.1.5 (see ``compat``).
"""
