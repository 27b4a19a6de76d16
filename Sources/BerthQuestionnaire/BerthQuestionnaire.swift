// BerthQuestionnaire
