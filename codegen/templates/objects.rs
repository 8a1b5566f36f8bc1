/// A struct and its `Serialize` and `Deserialize`: the struct's definition, each field
/// followed by `= index "JSON name" kind`, then `..field: Type,` for the map of the properties
/// the spec does not declare. The impls alone come from the list of the fields, each
/// `index => field: "JSON name" kind,`, then `..field` for that map. The kind (a module of
/// `objects`) says how a field is written and read: `required` is always written, and absent
/// is an error; `nullable` is always written (`null` for `None`), and absent is `None`;
/// `optional` is left out when `None`, and absent or `null` is `None`; `three_state`
/// (`Option<Nullable<T>>`) is left out when `None`, and `null` is `Some(Nullable::Null)`.
/// Written once rather than derived for each struct: serde's derive gives every struct an enum
/// of its fields with a visitor, and a visitor of sequences that JSON never uses, several
/// times the code to compile. Paths are written in full, as a schema may take any name of the
/// prelude. A feature set may compile no struct.
#[allow(unused_macros)]
macro_rules! object {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_attr:meta])*
                pub $field:ident: $ty:ty = $index:literal $wire:literal $kind:ident,
            )*
            $(..$others:ident: $others_ty:ty,)?
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            $($(#[$field_attr])* pub $field: $ty,)*
            $(
                /// Properties the spec does not declare by name, kept as received.
                pub $others: $others_ty,
            )?
        }

        object! { $name { $($index => $field: $wire $kind,)* $(..$others)? } }
    };
    ($name:ident { $($index:literal => $field:ident: $wire:literal $kind:ident,)* }) => {
        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let length = objects::count(&[$(objects::$kind::counts(&self.$field)),*]);
                let mut fields = objects::StructFields::new(
                    ::serde::Serializer::serialize_struct(serializer, stringify!($name), length)?,
                );
                $(objects::$kind::write(&mut fields, $wire, &self.$field);)*
                fields.end()
            }
        }

        object!(@read $name { $($index => $field: $wire $kind,)* } []);
    };
    ($name:ident { $($index:literal => $field:ident: $wire:literal $kind:ident,)* ..$others:ident }) => {
        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let mut fields =
                    objects::MapFields::new(::serde::Serializer::serialize_map(
                        serializer,
                        ::std::option::Option::None,
                    )?);
                $(objects::$kind::write(&mut fields, $wire, &self.$field);)*
                fields.end_with(&self.$others)
            }
        }

        object!(@read $name { $($index => $field: $wire $kind,)* } [$others]);
    };
    (@read $name:ident { $($index:literal => $field:ident: $wire:literal $kind:ident,)* } [$($others:ident)?]) => {
        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                objects::read(deserializer)
            }
        }

        #[allow(deprecated)]
        impl objects::Object for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];
            const KEEPS_OTHERS: bool = object!(@keeps $($others)?);

            fn field(name: &str) -> ::std::option::Option<usize> {
                match name {
                    $($wire => ::std::option::Option::Some($index),)*
                    _ => ::std::option::Option::None,
                }
            }

            // Each field's slot is a variable of the field's name, whatever it is.
            #[allow(clippy::disallowed_names, clippy::just_underscores_and_digits)]
            fn read_map<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                $(let mut $others = ::std::default::Default::default();)?
                while let ::std::option::Option::Some(key) =
                    ::serde::de::MapAccess::next_key_seed(&mut map, objects::KeySeed::<Self>::of())?
                {
                    let read = match key {
                        $(objects::Key::Field($index) => objects::read_field(&mut map, &mut $field, $wire),)*
                        $(objects::Key::Other(name) => objects::read_other(&mut map, &mut $others, name),)?
                        _ => objects::skip(&mut map),
                    };
                    read?;
                }
                objects::check_present::<A::Error>(
                    &[$(objects::$kind::present(&$field)),*],
                    Self::FIELDS,
                )?;
                ::std::result::Result::Ok(Self {
                    $($field: objects::$kind::finish($field),)*
                    $($others,)?
                })
            }
        }
    };
    (@keeps) => { false };
    (@keeps $others:ident) => { true };
}

/// What the impls of `object!` share: reading a JSON object into a struct's fields, and
/// writing them. A feature set may compile no struct, or none of a kind.
#[allow(dead_code, unused_imports)]
mod objects {
    use ::serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
    use ::serde::ser::{SerializeMap, SerializeStruct};
    use ::serde::{Deserialize, Serialize};
    use ::std::fmt;
    use ::std::marker::PhantomData;

    /// A struct `object!` reads from a JSON object.
    pub(crate) trait Object: Sized {
        /// The struct's name, for errors.
        const NAME: &'static str;
        /// The JSON names of its fields; a property's index in it is its `Key::Field`.
        const FIELDS: &'static [&'static str];
        /// Whether the other properties are kept, in a map, rather than skipped.
        const KEEPS_OTHERS: bool;

        /// The index in `FIELDS` of the field a property of this name reads into: a `match`
        /// on the names, which compiles to comparisons by length, then by bytes.
        fn field(name: &str) -> Option<usize>;

        /// The struct, from the properties of an object.
        fn read_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
    }

    /// Reads `T` from an object.
    pub(crate) fn read<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
    }

    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "struct {}", T::NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::read_map(map)
        }
    }

    /// A property's name, as a struct sees it.
    pub(crate) enum Key {
        /// The field of this index in `Object::FIELDS`.
        Field(usize),
        /// A property the struct keeps in its map of other properties.
        Other(String),
        /// A property the struct does not keep.
        Skipped,
    }

    /// Reads a property's name as the `Key` of struct `T`.
    pub(crate) struct KeySeed<T>(PhantomData<T>);

    impl<T> KeySeed<T> {
        pub(crate) fn of() -> Self {
            Self(PhantomData)
        }
    }

    impl<'de, T: Object> DeserializeSeed<'de> for KeySeed<T> {
        type Value = Key;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
            deserializer.deserialize_identifier(self)
        }
    }

    impl<'de, T: Object> Visitor<'de> for KeySeed<T> {
        type Value = Key;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a property name")
        }

        fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
            Ok(match T::field(name) {
                Some(index) => Key::Field(index),
                None if T::KEEPS_OTHERS => Key::Other(name.to_owned()),
                None => Key::Skipped,
            })
        }

        fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Key, E> {
            match ::std::str::from_utf8(name) {
                Ok(name) => self.visit_str(name),
                Err(_) => Ok(Key::Skipped),
            }
        }
    }

    /// Reads a field's value into its slot; a property given twice is an error, as serde's
    /// derive makes it.
    pub(crate) fn read_field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }

    /// Reads a property the spec does not declare into the struct's map of them.
    pub(crate) fn read_other<'de, A: MapAccess<'de>, M: Extend<(String, V)>, V: Deserialize<'de>>(
        map: &mut A,
        others: &mut M,
        name: String,
    ) -> Result<(), A::Error> {
        let value = map.next_value()?;
        others.extend(Some((name, value)));
        Ok(())
    }

    /// Skips a property's value.
    pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
        map.next_value::<de::IgnoredAny>().map(|_| ())
    }

    /// The number of fields written.
    pub(crate) fn count(written: &[usize]) -> usize {
        written.iter().sum()
    }

    /// Where a struct's fields are written: a struct, or a map when it has other properties
    /// too. The first error is kept, and the writes after it do nothing: each field's write is
    /// a plain call, and the error comes out at the end.
    pub(crate) trait WriteFields {
        fn field<T: ?Sized + Serialize>(&mut self, name: &'static str, value: &T);

        fn skip(&mut self, name: &'static str);
    }

    pub(crate) struct StructFields<S: SerializeStruct> {
        state: S,
        error: Option<S::Error>,
    }

    impl<S: SerializeStruct> StructFields<S> {
        pub(crate) fn new(state: S) -> Self {
            Self { state, error: None }
        }

        pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
            match self.error {
                Some(error) => Err(error),
                None => self.state.end(),
            }
        }
    }

    impl<S: SerializeStruct> WriteFields for StructFields<S> {
        fn field<T: ?Sized + Serialize>(&mut self, name: &'static str, value: &T) {
            if self.error.is_none() {
                self.error = self.state.serialize_field(name, value).err();
            }
        }

        fn skip(&mut self, name: &'static str) {
            if self.error.is_none() {
                self.error = self.state.skip_field(name).err();
            }
        }
    }

    pub(crate) struct MapFields<M: SerializeMap> {
        state: M,
        error: Option<M::Error>,
    }

    impl<M: SerializeMap> MapFields<M> {
        pub(crate) fn new(state: M) -> Self {
            Self { state, error: None }
        }

        /// Writes the properties the spec does not declare, after the fields, and ends the map.
        pub(crate) fn end_with<K: Serialize, V: Serialize>(
            mut self,
            others: impl IntoIterator<Item = (K, V)>,
        ) -> Result<M::Ok, M::Error> {
            if let Some(error) = self.error {
                return Err(error);
            }
            for (name, value) in others {
                self.state.serialize_entry(&name, &value)?;
            }
            self.state.end()
        }
    }

    impl<M: SerializeMap> WriteFields for MapFields<M> {
        fn field<T: ?Sized + Serialize>(&mut self, name: &'static str, value: &T) {
            if self.error.is_none() {
                self.error = self.state.serialize_entry(name, value).err();
            }
        }

        fn skip(&mut self, _: &'static str) {}
    }

    /// An error naming the first required field that is absent.
    pub(crate) fn check_present<E: de::Error>(
        present: &[bool],
        fields: &'static [&'static str],
    ) -> Result<(), E> {
        match present.iter().position(|present| !present) {
            Some(index) => Err(E::missing_field(fields[index])),
            None => Ok(()),
        }
    }

    /// Always written; absent is an error.
    pub(crate) mod required {
        use super::WriteFields;

        pub(crate) fn counts<T>(_: &T) -> usize {
            1
        }

        pub(crate) fn write<W: WriteFields, T: ::serde::Serialize>(
            fields: &mut W,
            name: &'static str,
            value: &T,
        ) {
            fields.field(name, value);
        }

        pub(crate) fn present<T>(slot: &Option<T>) -> bool {
            slot.is_some()
        }

        pub(crate) fn finish<T>(slot: Option<T>) -> T {
            slot.expect("a required field, present as `check_present` checked")
        }
    }

    /// Not required: absent is fine.
    pub(crate) fn present<T>(_: &T) -> bool {
        true
    }

    /// An `Option` always written, `null` for `None`; absent is `None`.
    pub(crate) mod nullable {
        pub(crate) use super::present;
        pub(crate) use super::required::{counts, write};

        pub(crate) fn finish<T>(slot: Option<Option<T>>) -> Option<T> {
            slot.flatten()
        }
    }

    /// An `Option` left out when `None`; absent or `null` is `None`.
    pub(crate) mod optional {
        pub(crate) use super::nullable::finish;
        pub(crate) use super::present;
        use super::WriteFields;

        pub(crate) fn counts<T>(value: &Option<T>) -> usize {
            usize::from(value.is_some())
        }

        pub(crate) fn write<W: WriteFields, T: ::serde::Serialize>(
            fields: &mut W,
            name: &'static str,
            value: &Option<T>,
        ) {
            match value {
                Some(_) => fields.field(name, value),
                None => fields.skip(name),
            }
        }
    }

    /// An `Option<Nullable<T>>` left out when `None`; `null` is `Some(Nullable::Null)`.
    pub(crate) mod three_state {
        pub(crate) use super::optional::{counts, present, write};

        pub(crate) fn finish<T>(slot: Option<T>) -> Option<T> {
            slot
        }
    }
}
