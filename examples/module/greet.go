// Package greet writes greetings in the manners of a few languages.
package greet

import (
	"fmt"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// Greeting returns a greeting for name in the language tag lang ("en", "nl", "tr", ...).
// The name is title-cased the way that language does it.
func Greeting(lang, name string) (string, error) {
	tag, err := language.Parse(lang)
	if err != nil {
		return "", fmt.Errorf("greet: %w", err)
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "", fmt.Errorf("greet: no name")
	}
	title := cases.Title(tag).String(name)
	base, _ := tag.Base()
	switch base.String() {
	case "nl":
		return "Hallo, " + title + "!", nil
	case "tr":
		return "Merhaba, " + title + "!", nil
	case "de":
		return "Hallo, " + title + "!", nil
	default:
		return "Hello, " + title + "!", nil
	}
}
