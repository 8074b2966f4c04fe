package greet

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGreeting(t *testing.T) {
	var got []string
	for _, c := range []struct{ lang, name string }{
		{"en", "ada lovelace"},
		{"nl", "ijsbrand"},
		{"tr", "ilkay"},
	} {
		g, err := Greeting(c.lang, c.name)
		if err != nil {
			t.Fatalf("Greeting(%q, %q): %v", c.lang, c.name, err)
		}
		got = append(got, g)
	}
	want := []string{"Hello, Ada Lovelace!", "Hallo, IJsbrand!", "Merhaba, İlkay!"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("greetings (-want +got):\n%s", diff)
	}
}

func TestGreetingErrors(t *testing.T) {
	if _, err := Greeting("not a language tag!", "x"); err == nil {
		t.Error("a malformed language tag was accepted")
	}
}
