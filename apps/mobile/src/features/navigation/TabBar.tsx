import { Pressable, StyleSheet, View } from 'react-native';
import type { BottomTabBarProps } from 'expo-router/js-tabs';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { AppText } from '../../ui/AppText';
import { minTouchTarget, spacing, usePalette } from '../../ui/theme';

/**
 * The bottom tab bar. Custom instead of React Navigation's default so that it has no fixed
 * height (labels may wrap to two lines at large text) and the selected tab is shown by a bar,
 * bold text and `selected` state, not by colour alone.
 */
export function TabBar({ state, descriptors, navigation }: BottomTabBarProps) {
  const palette = usePalette();
  const insets = useSafeAreaInsets();
  return (
    <View
      accessibilityRole="tablist"
      style={[
        styles.bar,
        {
          paddingBottom: insets.bottom,
          paddingLeft: insets.left,
          paddingRight: insets.right,
          backgroundColor: palette.surface,
          borderTopColor: palette.border,
        },
      ]}
    >
      {state.routes.map((route, index) => {
        const descriptor = descriptors[route.key];
        if (!descriptor) return null;
        const { options } = descriptor;
        const focused = state.index === index;
        const label = options.title ?? route.name;
        const color = focused ? palette.primary : palette.textMuted;
        const onPress = () => {
          const event = navigation.emit({
            type: 'tabPress',
            target: route.key,
            canPreventDefault: true,
          });
          if (!focused && !event.defaultPrevented) navigation.navigate(route.name, route.params);
        };
        return (
          <Pressable
            key={route.key}
            accessibilityRole="tab"
            accessibilityLabel={options.tabBarAccessibilityLabel ?? label}
            accessibilityState={{ selected: focused }}
            aria-selected={focused}
            testID={options.tabBarButtonTestID}
            onPress={onPress}
            onLongPress={() => navigation.emit({ type: 'tabLongPress', target: route.key })}
            style={({ pressed }) => [styles.tab, { opacity: pressed ? 0.7 : 1 }]}
          >
            <View
              style={[
                styles.indicator,
                { backgroundColor: focused ? palette.primary : 'transparent' },
              ]}
            />
            {options.tabBarIcon?.({ focused, color, size: 22 })}
            <AppText
              numberOfLines={2}
              maxFontSizeMultiplier={1.6}
              style={[styles.label, { color, fontWeight: focused ? '700' : '500' }]}
            >
              {label}
            </AppText>
          </Pressable>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  bar: { flexDirection: 'row', borderTopWidth: StyleSheet.hairlineWidth },
  tab: {
    flex: 1,
    minHeight: minTouchTarget + spacing.md,
    alignItems: 'center',
    justifyContent: 'flex-start',
    paddingHorizontal: 2,
    paddingBottom: spacing.xs,
    gap: 2,
  },
  indicator: { alignSelf: 'stretch', height: 3, marginHorizontal: spacing.sm, borderRadius: 2 },
  label: { fontSize: 12, lineHeight: 16, textAlign: 'center' },
});
