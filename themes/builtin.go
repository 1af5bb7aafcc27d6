package themes

// The built-in palettes. "dark" and "light" are our own; "high-contrast"
// uses only the 16 basic ANSI colours so that it follows the user's terminal
// palette; the named ones use the colours their authors publish
// (draculatheme.com, nordtheme.com, catppuccin.com mocha,
// ethanschoonover.com/solarized).
var builtins = map[string]Theme{
	"dark": {
		Name: "dark",
		Text: "#d0d0d0", Muted: "#808080", Accent: "#5fafff", Border: "#585858",
		Selected: "#303a4a", SelectedText: "#ffffff",
		Error: "#ff5f5f", Warn: "#ffaf00", Success: "#5fd75f", Info: "#5fafff",
		OpCreate: "#5fd75f", OpUpdate: "#5fafff", OpDelete: "#ff5f5f", OpUpsert: "#d7af5f", OpUnspecified: "#808080",
		JSONKey: "#5fafff", JSONString: "#87d787", JSONNumber: "#d7af87", JSONBool: "#d787d7", JSONNull: "#808080", JSONPunct: "#8a8a8a",
		DiffAdd: "#5fd75f", DiffRemove: "#ff5f5f", DiffChange: "#ffaf00",
	},
	"light": {
		Name: "light",
		Text: "#1c1c1c", Muted: "#6c6c6c", Accent: "#005fd7", Border: "#a8a8a8",
		Selected: "#d0e4ff", SelectedText: "#000000",
		Error: "#c00000", Warn: "#af5f00", Success: "#008700", Info: "#005fd7",
		OpCreate: "#008700", OpUpdate: "#005fd7", OpDelete: "#c00000", OpUpsert: "#875f00", OpUnspecified: "#6c6c6c",
		JSONKey: "#005fd7", JSONString: "#005f00", JSONNumber: "#875f00", JSONBool: "#870087", JSONNull: "#6c6c6c", JSONPunct: "#585858",
		DiffAdd: "#008700", DiffRemove: "#c00000", DiffChange: "#af5f00",
	},
	"high-contrast": {
		Name: "high-contrast",
		Text: "15", Muted: "7", Accent: "14", Border: "15",
		Selected: "11", SelectedText: "0",
		Error: "9", Warn: "11", Success: "10", Info: "14",
		OpCreate: "10", OpUpdate: "14", OpDelete: "9", OpUpsert: "11", OpUnspecified: "7",
		JSONKey: "14", JSONString: "10", JSONNumber: "11", JSONBool: "13", JSONNull: "7", JSONPunct: "15",
		DiffAdd: "10", DiffRemove: "9", DiffChange: "11",
	},
	"dracula": {
		// Background #282a36, current line #44475a, foreground #f8f8f2,
		// comment #6272a4, cyan #8be9fd, green #50fa7b, orange #ffb86c,
		// pink #ff79c6, purple #bd93f9, red #ff5555, yellow #f1fa8c.
		Name: "dracula",
		Text: "#f8f8f2", Muted: "#6272a4", Accent: "#bd93f9", Border: "#6272a4",
		Selected: "#44475a", SelectedText: "#f8f8f2",
		Error: "#ff5555", Warn: "#ffb86c", Success: "#50fa7b", Info: "#8be9fd",
		OpCreate: "#50fa7b", OpUpdate: "#8be9fd", OpDelete: "#ff5555", OpUpsert: "#ffb86c", OpUnspecified: "#6272a4",
		JSONKey: "#ff79c6", JSONString: "#f1fa8c", JSONNumber: "#bd93f9", JSONBool: "#bd93f9", JSONNull: "#6272a4", JSONPunct: "#f8f8f2",
		DiffAdd: "#50fa7b", DiffRemove: "#ff5555", DiffChange: "#ffb86c",
	},
	"nord": {
		// Polar night #2e3440 #3b4252 #434c5e #4c566a, snow storm #d8dee9
		// #e5e9f0 #eceff4, frost #8fbcbb #88c0d0 #81a1c1 #5e81ac, aurora
		// red #bf616a, orange #d08770, yellow #ebcb8b, green #a3be8c,
		// purple #b48ead.
		Name: "nord",
		Text: "#d8dee9", Muted: "#4c566a", Accent: "#88c0d0", Border: "#4c566a",
		Selected: "#434c5e", SelectedText: "#eceff4",
		Error: "#bf616a", Warn: "#ebcb8b", Success: "#a3be8c", Info: "#81a1c1",
		OpCreate: "#a3be8c", OpUpdate: "#88c0d0", OpDelete: "#bf616a", OpUpsert: "#d08770", OpUnspecified: "#4c566a",
		JSONKey: "#81a1c1", JSONString: "#a3be8c", JSONNumber: "#b48ead", JSONBool: "#81a1c1", JSONNull: "#4c566a", JSONPunct: "#eceff4",
		DiffAdd: "#a3be8c", DiffRemove: "#bf616a", DiffChange: "#ebcb8b",
	},
	"catppuccin-mocha": {
		// Text #cdd6f4, overlay0 #6c7086, surface1 #45475a, surface2
		// #585b70, mauve #cba6f7, red #f38ba8, peach #fab387, yellow
		// #f9e2af, green #a6e3a1, sky #89dceb, blue #89b4fa, lavender
		// #b4befe, flamingo #f2cdcd, overlay2 #9399b2.
		Name: "catppuccin-mocha",
		Text: "#cdd6f4", Muted: "#6c7086", Accent: "#cba6f7", Border: "#585b70",
		Selected: "#45475a", SelectedText: "#cdd6f4",
		Error: "#f38ba8", Warn: "#f9e2af", Success: "#a6e3a1", Info: "#89dceb",
		OpCreate: "#a6e3a1", OpUpdate: "#89b4fa", OpDelete: "#f38ba8", OpUpsert: "#fab387", OpUnspecified: "#6c7086",
		JSONKey: "#b4befe", JSONString: "#a6e3a1", JSONNumber: "#fab387", JSONBool: "#f2cdcd", JSONNull: "#6c7086", JSONPunct: "#9399b2",
		DiffAdd: "#a6e3a1", DiffRemove: "#f38ba8", DiffChange: "#f9e2af",
	},
	"solarized-dark": {
		// base03 #002b36, base02 #073642, base01 #586e75, base0 #839496,
		// base1 #93a1a1, yellow #b58900, orange #cb4b16, red #dc322f,
		// magenta #d33682, violet #6c71c4, blue #268bd2, cyan #2aa198,
		// green #859900.
		Name: "solarized-dark",
		Text: "#839496", Muted: "#586e75", Accent: "#268bd2", Border: "#586e75",
		Selected: "#073642", SelectedText: "#93a1a1",
		Error: "#dc322f", Warn: "#b58900", Success: "#859900", Info: "#2aa198",
		OpCreate: "#859900", OpUpdate: "#268bd2", OpDelete: "#dc322f", OpUpsert: "#cb4b16", OpUnspecified: "#586e75",
		JSONKey: "#268bd2", JSONString: "#2aa198", JSONNumber: "#d33682", JSONBool: "#6c71c4", JSONNull: "#586e75", JSONPunct: "#93a1a1",
		DiffAdd: "#859900", DiffRemove: "#dc322f", DiffChange: "#b58900",
	},
}
