// BerthRules
