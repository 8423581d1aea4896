package history

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The input an entry gives the rules is its JSON encoding, decoded: value
// builds it without the round trip, and must not drop a field the rules
// read (every field set, so a field added to Entry and not to value fails
// here).
func TestValueIsTheJSONEncoding(t *testing.T) {
	var e Entry
	v := reflect.ValueOf(&e).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("s" + v.Type().Field(i).Name)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{"a", "b"}))
		default:
			t.Fatalf("Entry.%s: a %s this test does not set", v.Type().Field(i).Name, f.Kind())
		}
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if got := e.value(); !reflect.DeepEqual(got, want) {
		t.Errorf("value:\n got %v\nwant %v", got, want)
	}
}
