"""Pure rule finders: functions over the view string and a lexicon, no spaCy; the components in pipeline/components wrap them."""
