-- Full-text search over products (title, SKU, description): an FTS5 index whose content is the
-- products table itself, kept in sync by triggers, so every write that changes a product updates
-- the index in the same transaction. Removed products stay in the index (they stay in products
-- as tombstones); queries join back to products and keep only live ones.
-- The index is keyed by products' rowid: after a VACUUM (which may renumber rowids of a table
-- without an INTEGER PRIMARY KEY) run  INSERT INTO products_fts(products_fts) VALUES('rebuild');
CREATE VIRTUAL TABLE `products_fts` USING fts5(
	title, sku, description,
	content='products', content_rowid='rowid',
	tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
--> statement-breakpoint
-- A title match counts more than a SKU match, which counts more than one in the description.
INSERT INTO `products_fts`(`products_fts`, `rank`) VALUES('rank', 'bm25(8.0, 4.0, 1.0)');
--> statement-breakpoint
INSERT INTO `products_fts`(`products_fts`) VALUES('rebuild');
--> statement-breakpoint
CREATE TRIGGER `products_fts_insert` AFTER INSERT ON `products` BEGIN
	INSERT INTO `products_fts`(rowid, title, sku, description) VALUES (new.rowid, new.title, new.sku, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_update` AFTER UPDATE OF title, sku, description ON `products` BEGIN
	INSERT INTO `products_fts`(`products_fts`, rowid, title, sku, description) VALUES ('delete', old.rowid, old.title, old.sku, old.description);
	INSERT INTO `products_fts`(rowid, title, sku, description) VALUES (new.rowid, new.title, new.sku, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_delete` AFTER DELETE ON `products` BEGIN
	INSERT INTO `products_fts`(`products_fts`, rowid, title, sku, description) VALUES ('delete', old.rowid, old.title, old.sku, old.description);
END;
--> statement-breakpoint
-- Stock history starts with what each live product holds now.
INSERT INTO `stock_movements` (product_id, kind, reason, delta, stock_after, note, actor, created_at)
SELECT id, 'initial', 'initial stock', stock, stock, 'Stock held when the history began', 'catalog', updated_at
FROM `products` WHERE deleted_at IS NULL;
