// BerthInventory
