"""Pure rule finders over the view string and word lists (no spaCy), one module per entity family; the components in pipeline/components wrap them."""
