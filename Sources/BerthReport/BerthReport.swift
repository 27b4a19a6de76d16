// BerthReport
