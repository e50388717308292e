// The web app's accessible component library. It never imports from features or app.
import './ui.css';

export * from './Alert.tsx';
export * from './Button.tsx';
export * from './ButtonLink.tsx';
export * from './Card.tsx';
export * from './CheckboxGroup.tsx';
export * from './EmptyState.tsx';
export * from './Heading.tsx';
export * from './icons.tsx';
export * from './LoadingState.tsx';
export * from './RadioGroup.tsx';
export * from './Select.tsx';
export * from './SkipLink.tsx';
export * from './TextField.tsx';
export * from './TextAreaField.tsx';
export * from './VisuallyHidden.tsx';
